// 2. The seed's HTTP starters: POST /api/StartChaining and POST /api/StartFanOutFanIn start an
//    orchestration and answer 202 with the check-status payload (statusQueryGetUri and friends).
import { type HttpRequest, type HttpResponse, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

function starter(orchestrationName: string) {
  return async (request: HttpRequest, client: df.DurableClient, context: InvocationContext): Promise<HttpResponse> => {
    const instanceId = await client.startNew(orchestrationName);
    context.log(`Started orchestration '${orchestrationName}' with ID = '${instanceId}'.`);
    return client.createCheckStatusResponse(request, instanceId);
  };
}

df.app.client.http('StartChaining', {
  route: 'StartChaining',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: starter('chaining_orchestration'),
});

df.app.client.http('StartFanOutFanIn', {
  route: 'StartFanOutFanIn',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: starter('fan_out_fan_in_orchestration'),
});
