// The workflow bundle's entry point: only workflow code is reachable from here.
export { dunningCase } from './workflows/dunning-case';
export { closedCasePayment } from './workflows/closed-case-payment';
export { clientAccount } from './workflows/account/client-account';
export { webhookDelivery } from './workflows/webhooks/webhook-delivery';
