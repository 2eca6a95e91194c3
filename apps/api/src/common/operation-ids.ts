/** Stable, readable operation ids for client generators (`registerInvoice`, not `InvoicesController_register`). */
const OPERATION_IDS: Record<string, string> = {
  'InvoicesController.register': 'registerInvoice',
  'InvoicesController.list': 'listCases',
  'CasesController.view': 'getCase',
  'CasesController.timeline': 'getTimeline',
  'InvoicesController.penalties': 'getPenalties',
  'CaseControlsController.payment': 'recordPayment',
  'CaseControlsController.reply': 'recordReply',
  'CaseControlsController.pause': 'pauseCase',
  'CaseControlsController.resume': 'resumeCase',
  'CaseControlsController.cancel': 'cancelCase',
  'CaseControlsController.dispute': 'disputeCase',
  'CaseControlsController.promise': 'recordPromise',
  'CaseControlsController.paymentPlan': 'agreePaymentPlan',
  'CaseControlsController.client': 'updateClientContact',
  'CaseControlsController.handoff': 'decideHandoff',
  'CaseControlsController.calls': 'recordCallOutcome',
  'ClientsController.list': 'listClients',
  'ClientsController.detail': 'getClient',
  'ClientsController.contact': 'updateClientAccountContact',
  'ClientsController.pause': 'pauseClient',
  'ClientsController.resume': 'resumeClient',
  'ClientsController.payment': 'recordClientPayment',
  'TenantsController.view': 'getTenant',
  'TenantsController.patch': 'updateTenant',
  'ReportsController.aging': 'getAgingReport',
  'ReportsController.effectiveness': 'getEffectivenessReport',
  'RatesController.list': 'listRateFigures',
  'RatesController.add': 'addRateFigure',
  'WebhooksController.payment': 'paymentWebhook',
  'WebhooksController.resendEvent': 'resendWebhook',
  'WebhookEndpointsController.create': 'createWebhookEndpoint',
  'WebhookEndpointsController.list': 'listWebhookEndpoints',
  'WebhookEndpointsController.get': 'getWebhookEndpoint',
  'WebhookEndpointsController.delete': 'deleteWebhookEndpoint',
  'WebhookDeliveriesController.log': 'listWebhookDeliveries',
  'WebhookDeliveriesController.redeliver': 'redeliverWebhook',
  'HealthController.live': 'live',
  'HealthController.ready': 'ready',
  'MetricsController.scrape': 'metrics',
};

export function operationId(controllerKey: string, methodKey: string): string {
  return (
    OPERATION_IDS[`${controllerKey}.${methodKey}`] ??
    `${controllerKey.replace(/Controller$/, '')}_${methodKey}`
  );
}
