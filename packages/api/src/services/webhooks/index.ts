export {
  deliverOutgoingWebhook,
  webhookTargetsFor,
  webhookTargetsForEvents,
} from './deliver-outgoing-webhook.ts';
export {
  createOutgoingWebhook,
  deleteOutgoingWebhook,
  listOutgoingWebhooks,
} from './manage-outgoing-webhooks.ts';
