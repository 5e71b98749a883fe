// The server half of the round-trip probe: answers every Ping with an empty message.
import * as grpc from '@grpc/grpc-js';
import { EMPTY, echoService } from './echo-service.js';

const server = new grpc.Server();
server.addService(echoService, {
  ping: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
    callback(null, EMPTY),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    console.error(`The echo server could not listen: ${error.message}`);
    process.exit(1);
  }
  console.log(`Echo server listening on ${port}`);
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
