import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import type { FunctionRegistry } from '../core/function-registry.js';
import type { RpcTypedData } from '../core/core-api-types.js';
import type { FunctionInvoker } from '../invocation/function-invoker.js';
import { runHttpActivity, type DurableHttpRequestJson } from './http-activity.js';
import { HTTP_ACTIVITY_NAME } from './orchestrator-response-plan.js';
import { knownFunctions } from './known-functions.js';
import { stringValue, toFailureDetails } from './orchestrator-response-proto.js';

/**
 * Runs an activityTrigger function for a DTS activity work item. The input reaches the worker as JSON
 * text (the library JSON-parses strings), the result goes back as JSON text; a throw becomes failure
 * details the orchestrator sees as a TaskFailed event.
 */
export async function executeActivityWorkItem(
  request: pb.ActivityRequest,
  completionToken: string,
  registry: FunctionRegistry,
  invoker: FunctionInvoker,
): Promise<pb.ActivityResponse> {
  const instanceId = request.getOrchestrationinstance()?.getInstanceid() ?? '';
  const name = request.getName();
  const response = new pb.ActivityResponse();
  response.setInstanceid(instanceId);
  response.setTaskid(request.getTaskid());
  response.setCompletiontoken(completionToken);

  if (name === HTTP_ACTIVITY_NAME) {
    try {
      const input = JSON.parse(request.getInput()?.getValue() ?? '{}') as DurableHttpRequestJson | DurableHttpRequestJson[];
      response.setResult(stringValue(JSON.stringify(await runHttpActivity(input))));
    } catch (error) {
      const failure = error as Error;
      response.setFailuredetails(toFailureDetails({ errorType: failure.name || 'Error', errorMessage: failure.message, stackTrace: failure.stack }));
    }
    return response;
  }

  const activities = registry.byTriggerType('activityTrigger');
  const fn = activities.find((f) => f.metadata.name === name) ?? activities.find((f) => f.metadata.name.toLowerCase() === name.toLowerCase());
  if (!fn) {
    response.setFailuredetails(toFailureDetails({ errorType: 'ActivityNotRegisteredError', errorMessage: knownFunctions(registry).missing('activity', name) }));
    return response;
  }
  const input = request.getInput()?.getValue();
  const result = await invoker.invoke(fn, {
    // The trigger binding is always sent, or the handler would receive the context as its input.
    inputData: [{ name: fn.triggerName, data: input === undefined || input === '' ? {} : { string: input } }],
    triggerMetadata: { instanceId: { string: instanceId } },
  });
  if (result.error) {
    response.setFailuredetails(toFailureDetails({ errorType: result.error.name || 'Error', errorMessage: result.error.message, stackTrace: result.error.stack }));
    return response;
  }
  response.setResult(stringValue(resultAsJson(result.response?.returnValue)));
  return response;
}

/** The activity's return value as the JSON text DTS stores ("null" for nothing, like the extension). */
function resultAsJson(value: RpcTypedData | null | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (value.json !== undefined) return value.json;
  if (value.string !== undefined) return JSON.stringify(value.string);
  if (value.int !== undefined) return String(value.int);
  if (value.double !== undefined) return String(value.double);
  if (value.bytes !== undefined) return JSON.stringify(Buffer.from(value.bytes).toString('base64'));
  return 'null';
}
