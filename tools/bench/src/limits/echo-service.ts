// An empty unary method, for measuring what a gRPC round trip between two processes costs here.
import * as grpc from '@grpc/grpc-js';

export const ECHO_PATH = '/bench.Echo/Ping';
const identity = (b: Buffer) => b;

export const echoService: grpc.ServiceDefinition = {
  ping: {
    path: ECHO_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

export const EMPTY = Buffer.alloc(0);
export const echoSerialize = identity;
