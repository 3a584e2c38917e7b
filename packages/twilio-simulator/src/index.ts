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
