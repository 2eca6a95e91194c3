/**
 * A client reply as the creditor is alerted of it. `count` > 1: a digest of the replies received
 * since the last reply alert (the latest shown). `unverified`: the latest is from neither the
 * client's address nor a cc; `paused` says whether it paused the case all the same (a verified
 * reply always does).
 */
export interface ReplyAlert {
  kind: 'reply';
  from: string;
  receivedAt: string;
  text: string;
  count?: number;
  unverified?: boolean;
  paused?: boolean;
}

/**
 * The creditor's reminder of a client reply that has kept the case paused for 3 business days
 * (SPEC 3.2b). `resumesAt`: the case resumes by itself then (`policy.resumeAfterReply`).
 */
export interface ReplyWaitingAlert {
  kind: 'reply_waiting';
  from: string;
  receivedAt: string;
  resumesAt?: string;
}
