import { agreementEnd } from './agreement-end.js';
import { agreementPropose } from './agreement-propose.js';
import { agreementResume } from './agreement-resume.js';
import { agreementSign } from './agreement-sign.js';
import { agreementSuspend } from './agreement-suspend.js';
import { alertBegin } from './alert-begin.js';
import { alertEnd } from './alert-end.js';
import { conflictsDisclosed } from './conflicts-disclosed.js';
import { conflictsFound } from './conflicts-found.js';
import { declarationAmend } from './declaration-amend.js';
import { declarationExpire } from './declaration-expire.js';
import { declarationExpiryReminder } from './declaration-expiry-reminder.js';
import { declarationSubmit } from './declaration-submit.js';
import { declarationWithdraw } from './declaration-withdraw.js';
import { deliveryExpire } from './delivery-expire.js';
import { deliveryGrouped } from './delivery-grouped.js';
import { deliveryReceipt } from './delivery-receipt.js';
import { deliveryStep } from './delivery-step.js';
import { feedRemove } from './feed-remove.js';
import { feedSet } from './feed-set.js';
import type { CommandHandler } from './handler.js';
import { hubGenesis } from './hub-genesis.js';
import { incidentAdmit } from './incident-admit.js';
import { incidentLinked } from './incident-linked.js';
import { incidentReport } from './incident-report.js';
import { incidentAnswer, incidentClose, incidentDispute } from './incident-steps.js';
import { keyRevoke } from './key-revoke.js';
import { keyRotate } from './key-rotate.js';
import { messageNotice } from './message-notice.js';
import { messageRefused } from './message-refused.js';
import { messageSend } from './message-send.js';
import { messageWithdraw } from './message-withdraw.js';
import { operatorAdd } from './operator-add.js';
import { operatorSetRole } from './operator-set-role.js';
import { partyCreate } from './party-create.js';
import { rosterSet } from './roster-set.js';
import { tracksArchived } from './tracks-archived.js';
import { tracksPruned } from './tracks-pruned.js';
import { webhookDelivered } from './webhook-delivered.js';
import { webhookFailed } from './webhook-failed.js';
import { webhookRemove } from './webhook-remove.js';
import { webhookSet } from './webhook-set.js';
import { witnessesAgree } from './witnesses-agree.js';
import { witnessesPropose } from './witnesses-propose.js';

/** Commands an operator may sign and submit. */
export const OPERATOR_COMMANDS: readonly CommandHandler[] = [
  partyCreate,
  operatorAdd,
  operatorSetRole,
  keyRotate,
  keyRevoke,
  agreementPropose,
  agreementSign,
  agreementSuspend,
  agreementResume,
  agreementEnd,
  declarationSubmit,
  declarationAmend,
  declarationWithdraw,
  rosterSet,
  messageSend,
  messageWithdraw,
  deliveryReceipt,
  webhookSet,
  webhookRemove,
  feedSet,
  feedRemove,
  incidentReport,
  incidentAnswer,
  incidentDispute,
  incidentClose,
  incidentAdmit,
  witnessesPropose,
  witnessesAgree,
] as unknown as CommandHandler[];

/** Entries only the hub writes: consequences of commands, and the passing of time. */
export const HUB_ENTRIES: readonly CommandHandler[] = [
  hubGenesis,
  conflictsFound,
  conflictsDisclosed,
  declarationExpire,
  declarationExpiryReminder,
  messageNotice,
  deliveryStep,
  deliveryExpire,
  deliveryGrouped,
  messageRefused,
  webhookDelivered,
  webhookFailed,
  alertBegin,
  alertEnd,
  tracksArchived,
  tracksPruned,
  incidentLinked,
] as unknown as CommandHandler[];

/** Every kind of entry the record can hold, by kind. */
export const ENTRY_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(
  [...HUB_ENTRIES, ...OPERATOR_COMMANDS].map((handler) => [
    handler.type,
    handler as unknown as CommandHandler,
  ]),
);

export {
  alertBegin,
  alertEnd,
  declarationExpire,
  declarationExpiryReminder,
  deliveryExpire,
  deliveryStep,
  hubGenesis,
};
