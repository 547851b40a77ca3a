// Pact's native core reports usage statistics unless told not to; tests never let it.
import { disablePactTelemetry } from '../pacticipants';

disablePactTelemetry();
