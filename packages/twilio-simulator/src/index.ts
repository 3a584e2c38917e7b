export {
  startTwilioSimulator,
  twilioSignature,
  type CallbackDelivery,
  type SimulatedFate,
  type SimulatedFinal,
  type SimulatedMessage,
  type TwilioSimulator,
  type TwilioSimulatorOptions,
} from './twilio-simulator';
export {
  FAX_FATES,
  startFaxSimulator,
  type FaxSimulator,
  type FaxSimulatorOptions,
  type SimulatedFax,
  type SimulatedFaxFate,
} from './fax-simulator';
export {
  startFaxGatewaySimulator,
  type FaxGatewaySimulator,
  type FaxGatewaySimulatorOptions,
  type GatewayFaxFate,
  type SimulatedGatewayFax,
} from './fax-gateway-simulator';
