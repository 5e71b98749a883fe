// 1. The orchestrations, activities and entities come from the shared workflow library, registered through the
//    Functions adapter: the same definitions worker-host and express-host run, no workflow code here.
import { registerDurableFunctions } from '@durable-hosts/functions-adapter';
import { activities, entities, orchestrations } from '@durable-hosts/workflows';

registerDurableFunctions({ orchestrations, activities, entities });
