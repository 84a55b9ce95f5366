// Opens the connections ring-client-api and push-receiver open, the way they open them, and prints what came
// back, one line each. Run by RunCommandTest under `trygr run`; the host names exist only in the proxy's
// --connect-to rules, so nothing here can work unless every connection goes through the proxy.
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { Agent, WebSocket } from 'undici';
import WsWebSocket from 'ws';

const SIGNALLING = 'wss://api.prod.signalling.ring.devices.a2z.com/ws?api_version=4.0&auth_type=ring_solutions';

setTimeout(() => {
    console.log('timed out');
    process.exit(3);
}, 20_000).unref();

// (a) ring-client-api 14: global fetch with an npm undici Agent of its own as dispatcher
async function restCall() {
    const agent = new Agent({ connections: 6, pipelining: 1, keepAliveTimeout: 115_000 });
    let connects = 0;
    agent.on('connect', () => connects++);
    const response = await fetch('https://api.ring.com/clients_api/session?api_version=11', {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', hardware_id: 'run-test' },
        body: JSON.stringify({ device: { hardware_id: 'run-test' } }),
    });
    console.log('fetch ' + response.status + ' ' + (await response.text()));
    console.log('agent connects ' + connects);
    await agent.close();
}

// (b) ring-client-api's sockets: undici WebSocket; and the ws package for good measure
function undiciSocket() {
    return new Promise((resolve, reject) => {
        const socket = new WebSocket(SIGNALLING);
        socket.onopen = () => socket.send('hello from undici');
        socket.onmessage = (event) => {
            console.log('undici-ws ' + event.data);
            socket.close(1000);
        };
        socket.onclose = () => resolve();
        socket.onerror = (event) => reject(event.error || new Error('undici WebSocket failed'));
    });
}

function wsPackageSocket() {
    return new Promise((resolve, reject) => {
        const socket = new WsWebSocket(SIGNALLING + '&client=ws');
        socket.on('open', () => socket.send('hello from ws'));
        socket.on('message', (data) => {
            console.log('ws ' + data);
            socket.close(1000);
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
    });
}

// (c) push-receiver's MCS connection: no tls.connect, no server name, no certificate check. The bytes are
// arbitrary (not MCS): this is about the connection, not about what trygr makes of the protocol.
function mcsSocket() {
    return new Promise((resolve, reject) => {
        const login = Buffer.from([0x07, 0x00, 0x01, 0x02, 0xff, 0x10]);
        const socket = new tls.TLSSocket(null);
        socket.setKeepAlive(true);
        let received = Buffer.alloc(0);
        socket.on('connect', () => console.log('mcs connect'));
        socket.on('error', reject);
        socket.on('data', (data) => {
            received = Buffer.concat([received, data]);
            if (received.length >= 5 + login.length) {
                console.log('mcs ' + received.toString('hex') + ' authorized=' + socket.authorized);
                socket.destroy();
                resolve();
            }
        });
        socket.connect({ host: 'mtalk.google.com', port: 5228 });
        socket.write(login);
    });
}

// (d) the https module, and TLS started on a plain socket (STARTTLS style) before that socket is connected
function httpsModule() {
    return new Promise((resolve, reject) => {
        https.get('https://api.ring.com/clients_api/ring_devices', (response) => {
            let body = '';
            response.on('data', (chunk) => (body += chunk));
            response.on('end', () => {
                console.log('https ' + response.statusCode + ' ' + body);
                resolve();
            });
        }).on('error', reject);
    });
}

function tlsOnPlainSocket() {
    return new Promise((resolve, reject) => {
        const plain = net.connect({ host: 'mtalk.google.com', port: 5228 });
        const socket = tls.connect({ socket: plain, servername: 'mtalk.google.com' }, () => {
            socket.write('starttls');
        });
        let received = '';
        socket.on('error', reject);
        socket.on('data', (data) => {
            received += data.toString('latin1');
            if (received.endsWith('starttls')) {
                console.log('starttls authorized=' + socket.authorized + ' ' + Buffer.from(received, 'latin1').toString('hex'));
                socket.destroy();
                resolve();
            }
        });
    });
}

try {
    await restCall();
    await httpsModule();
    await tlsOnPlainSocket();
    await undiciSocket();
    await wsPackageSocket();
    await mcsSocket();
    console.log('done');
} catch (error) {
    console.log('failed: ' + (error && error.stack ? error.stack : error) + (error && error.cause ? ' cause: ' + error.cause : ''));
    process.exit(2);
}
