// Node clients of the nictune API for the tests; prints one JSON line.
//   node node_client.js proto SOCKET PROTO_ROOT   GetStatus, then WatchEvents(since 0) up to the status's last event
//   node node_client.js reflection SOCKET         descriptors fetched from the server (no .proto here), then GetStatus;
//                                                 the service list also through grpc.reflection.v1
const grpc = require('@grpc/grpc-js');

const [mode, socket, protoRoot] = process.argv.slice(2);
const target = 'unix://' + socket;
const options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

function call(client, method, request) {
  return new Promise((resolve, reject) =>
    client[method](request, { deadline: Date.now() + 30000 }, (error, response) => (error ? reject(error) : resolve(response))));
}

async function viaProto() {
  const loader = require('@grpc/proto-loader');
  const definition = loader.loadSync('nictune/v1/agent.proto', { ...options, includeDirs: [protoRoot] });
  const Agent = grpc.loadPackageDefinition(definition).nictune.v1.Agent;
  const client = new Agent(target, grpc.credentials.createInsecure());
  const status = await call(client, 'GetStatus', {});
  const last = BigInt(status.last_event_sequence);
  const events = await new Promise((resolve, reject) => {
    const seen = [];
    const stream = client.WatchEvents({ since: '0' }, { deadline: Date.now() + 30000 });
    stream.on('data', (e) => {
      seen.push({ sequence: e.sequence, kind: e.kind });
      if (BigInt(e.sequence) >= last) {
        stream.cancel();
        resolve(seen);
      }
    });
    stream.on('error', (e) => (e.code === grpc.status.CANCELLED ? resolve(seen) : reject(e)));
  });
  return { status, events };
}

async function viaReflection() {
  const { GrpcReflection } = require('grpc-js-reflection-client');
  // grpc.reflection.v1alpha (the library's default) for the descriptors, and v1 for the service list: both are served.
  const reflection = new GrpcReflection(target, grpc.credentials.createInsecure());
  const services = await reflection.listServices();
  const servicesV1 = await new GrpcReflection(target, grpc.credentials.createInsecure(), {}, 'v1').listServices();
  const descriptor = await reflection.getDescriptorBySymbol('nictune.v1.Agent');
  const Agent = descriptor.getPackageObject(options).nictune.v1.Agent;
  const client = new Agent(target, grpc.credentials.createInsecure());
  return { services, servicesV1, status: await call(client, 'GetStatus', {}) };
}

(mode === 'reflection' ? viaReflection() : viaProto())
  .then((result) => { console.log(JSON.stringify({ code: 'OK', ...result })); process.exit(0); })
  .catch((e) => { console.log(JSON.stringify({ code: grpc.status[e.code] || 'ERROR', details: String(e.details || e.message) })); process.exit(0); });
