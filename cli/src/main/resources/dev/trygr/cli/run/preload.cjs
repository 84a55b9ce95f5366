'use strict';
// trygr run: sends every outbound TCP connection of this Node process through the trygr proxy.
//
// Loaded with `--require` (NODE_OPTIONS) by `trygr run`, which also sets TRYGR_PROXY (http://host:port of the
// regular-mode listener) and NODE_EXTRA_CA_CERTS (the trygr CA). Each connection becomes `CONNECT host:port`
// to the proxy; once it answers 200 the caller's bytes (TLS included) flow through, so the proxy can intercept
// and record them. Plain Node core modules only, nothing else is loaded.
//
// Where it hooks, and why there (every client in Node ends up in one of these):
// - net.Socket.prototype.connect: plain TCP (net.connect, http, undici's http:, ws over ws:). The socket itself
//   connects to the proxy; its 'connect' and 'ready' events and the caller's writes are held back (it stays
//   `connecting`) until the proxy's 200, whose head is taken off the byte stream before anyone sees it.
// - tls.connect: https, undici (npm and the copy inside Node that runs global fetch and WebSocket), ws over
//   wss:, http2. It is given a tunnelled, not yet connected net.Socket as `socket`; TLS then runs inside the
//   tunnel, end to end with the proxy. Server name, ALPN and certificate checks are the caller's, untouched.
// - tls.TLSSocket: `new tls.TLSSocket(null).connect({host, port})` (push-receiver's MCS connection) never
//   goes through tls.connect; the class is replaced by a subclass that gives such sockets a tunnel too (no
//   server name is set, as before). ESM named imports are updated with syncBuiltinESMExports().
// Unix sockets and connections to the proxy itself are left alone.
//
// TRYGR_RUN_DEBUG=1 logs each tunnel to standard error.
//
// Note for maintainers: Maven filters this file (resource filtering), so it must not contain a dollar sign
// followed by a brace, nor the at sign.

const net = require('net');
const tls = require('tls');
const { Duplex } = require('stream');
const moduleApi = require('module');

const INSTALLED = Symbol.for('trygr.run.installed');
const kWaitingForProxy = Symbol('trygr.waitingForProxy');
const kCarriesTls = Symbol('trygr.carriesTls');
const MAX_ANSWER_HEAD = 64 * 1024;

if (!net.Socket.prototype[INSTALLED]) {
    install(proxyFromEnvironment());
}

function proxyFromEnvironment() {
    const raw = process.env.TRYGR_PROXY;
    if (!raw) {
        throw new Error('trygr run: TRYGR_PROXY is not set; this file is meant to be loaded by `trygr run`');
    }
    let url;
    try {
        url = new URL(raw.includes('://') ? raw : 'http://' + raw);
    } catch (e) {
        throw new Error('trygr run: TRYGR_PROXY is not a URL: ' + raw);
    }
    if (url.protocol !== 'http:') {
        throw new Error('trygr run: TRYGR_PROXY must be an http:// URL (the regular-mode listener), not ' + raw);
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = url.port ? Number(url.port) : 80;
    return { host, port, label: url.host, loopback: isLoopback(host) };
}

function install(proxy) {
    if (typeof net._normalizeArgs !== 'function' || typeof net.Socket.prototype._writeGeneric !== 'function') {
        // the two Node internals this relies on (both there from Node 12 to 24): fail loudly, never leak
        throw new Error('trygr run: Node ' + process.version + ' lacks net._normalizeArgs or '
            + 'net.Socket.prototype._writeGeneric; trygr run cannot route this process through the proxy');
    }
    const debug = /^(1|true|yes)$/i.test(process.env.TRYGR_RUN_DEBUG || '');
    const log = (line) => {
        if (debug) {
            process.stderr.write('trygr run [' + process.pid + ']: ' + line + '\n');
        }
    };
    const originalConnect = net.Socket.prototype.connect;
    const originalTlsConnect = tls.connect;
    const OriginalTLSSocket = tls.TLSSocket;

    /** Where a connection with these (normalized) options goes, when it is to be tunnelled; else null. */
    function tunnelTarget(options) {
        if (!options || options.path || options.fd !== undefined) {
            return null;   // a Unix socket or an existing descriptor: not a TCP connection of ours
        }
        const port = Number(options.port);
        if (!Number.isInteger(port) || port <= 0 || port > 65535) {
            return null;   // let Node report the bad port as it always does
        }
        const host = String(options.host || 'localhost').replace(/^\[(.*)\]$/, '$1');
        if (port === proxy.port && (host === proxy.host || (proxy.loopback && isLoopback(host)))) {
            return null;   // the proxy itself
        }
        return { host, port, authority: (net.isIPv6(host) ? '[' + host + ']' : host) + ':' + port };
    }

    /**
     * Connects `socket` (a net.Socket) to the proxy and asks it for a tunnel to `target`. Until the proxy
     * answers, the socket stays `connecting`: the caller's writes wait, and 'connect'/'ready' are held back.
     */
    function connectThroughProxy(socket, target, cb, kind) {
        const ownEmit = Object.prototype.hasOwnProperty.call(socket, 'emit') ? socket.emit : undefined;
        const ownPush = Object.prototype.hasOwnProperty.call(socket, 'push') ? socket.push : undefined;
        let phase = 'proxy';
        let answer = [];
        let answerSize = 0;

        const restore = () => {
            delete socket[kWaitingForProxy];
            if (ownEmit) {
                socket.emit = ownEmit;
            } else {
                delete socket.emit;
            }
            if (ownPush) {
                socket.push = ownPush;
            } else {
                delete socket.push;
            }
        };
        const fail = (error) => {
            phase = 'failed';
            restore();
            log('tunnel to ' + target.authority + ' failed: ' + error.message);
            socket.destroy(error);
        };
        const established = (rest) => {
            phase = 'open';
            restore();
            socket.connecting = false;
            log('tunnel to ' + target.authority + ' open (' + kind + ')');
            socket.emit('connect');
            socket.emit('ready');
            return rest.length > 0 ? socket.push(rest) : true;
        };
        const proxyConnected = () => {
            phase = 'answer';
            const request = 'CONNECT ' + target.authority + ' HTTP/1.1\r\nHost: ' + target.authority + '\r\n\r\n';
            socket._writeGeneric(false, Buffer.from(request, 'latin1'), 'buffer', (error) => {
                if (error && phase === 'answer') {
                    fail(error);
                }
            });
            socket.connecting = true;   // holds the caller's writes and end() until the tunnel is open
            const handle = socket._handle;
            if (handle && !handle.reading) {   // a paused socket (TLS keeps its wrapped socket paused) reads too
                handle.reading = true;
                const status = handle.readStart();
                if (status < 0) {
                    fail(new Error('trygr run: cannot read from the trygr proxy at ' + proxy.label + ' (' + status + ')'));
                }
            }
        };
        const readAnswer = (chunk, encoding) => {
            if (chunk === null) {
                fail(tunnelError('the trygr proxy at ' + proxy.label + ' closed the connection before answering CONNECT '
                    + target.authority, 'ECONNRESET', target));
                return false;
            }
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
            answer.push(bytes);
            answerSize += bytes.length;
            const all = answer.length === 1 ? answer[0] : Buffer.concat(answer, answerSize);
            answer = [all];
            const end = all.indexOf('\r\n\r\n');
            if (end < 0) {
                if (answerSize > MAX_ANSWER_HEAD) {
                    fail(tunnelError('the trygr proxy at ' + proxy.label + ' sent an oversized answer to CONNECT '
                        + target.authority, 'EPROTO', target));
                    return false;
                }
                return true;
            }
            const head = all.subarray(0, end).toString('latin1');
            const statusLine = head.split('\r\n', 1)[0];
            const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
            if (!status || status[1][0] !== '2') {
                const body = all.subarray(end + 4, end + 4 + 300).toString('utf8').replace(/\s+/g, ' ').trim();
                fail(tunnelError('the trygr proxy at ' + proxy.label + ' refused CONNECT ' + target.authority + ': "'
                    + statusLine + '"' + (body ? ' (' + body + ')' : ''), refusalCode(status && status[1], body), target));
                return false;
            }
            return established(all.subarray(end + 4));
        };

        socket.emit = function emit(event, ...args) {
            if (phase === 'proxy' || phase === 'answer') {
                if (event === 'connect') {
                    if (phase === 'proxy') {
                        proxyConnected();
                    }
                    return true;
                }
                if (event === 'ready') {
                    return true;
                }
                if (event === 'error' && args[0] instanceof Error && phase === 'proxy' && !args[0].trygr) {
                    args[0].message = 'trygr run: cannot reach the trygr proxy at ' + proxy.label + ' (to tunnel to '
                        + target.authority + '): ' + args[0].message;
                }
            }
            return (ownEmit || Object.getPrototypeOf(socket).emit).call(this, event, ...args);
        };
        socket.push = function push(chunk, encoding) {
            if (phase === 'answer') {
                return readAnswer(chunk, encoding);
            }
            return (ownPush || Object.getPrototypeOf(socket).push).call(this, chunk, encoding);
        };
        socket[kWaitingForProxy] = true;
        log('CONNECT ' + target.authority + ' via ' + proxy.label + ' (' + kind + ')');
        return originalConnect.call(socket, { host: proxy.host, port: proxy.port }, cb);
    }

    net.Socket.prototype.connect = function connect(...args) {
        const normalized = Array.isArray(args[0]) ? args[0] : net._normalizeArgs(args);
        const target = tunnelTarget(normalized[0]);
        if (target === null) {
            return originalConnect.apply(this, args);
        }
        if (this instanceof OriginalTLSSocket || normalized[0].onread) {
            // TLS running right on the socket's own TCP handle, or reads going straight to a caller's buffer:
            // either way the proxy's answer cannot be taken off the stream. Only sockets made from a
            // tls.TLSSocket captured before this file ran, or with net's `onread` option, get here.
            warnNotTunnelled(target, this instanceof OriginalTLSSocket ? 'a TLS socket made before trygr was loaded'
                : 'the onread option');
            return originalConnect.apply(this, args);
        }
        return connectThroughProxy(this, target, normalized[1] || null, this[kCarriesTls] ? 'tls' : 'tcp');
    };

    /** A TLS connection whose TLS runs inside a tunnel: the same call, with a tunnelled socket as `socket`. */
    tls.connect = function connect(...args) {
        const normalized = normalizeTlsArgs(args);
        const options = normalized[0];
        if (options.socket && options.socket[kWaitingForProxy]) {
            // STARTTLS on a socket still waiting for the proxy: TLS must not take over its TCP handle yet
            const tlsOptions = Object.assign({}, options, { socket: heldBack(options.socket) });
            return shareSocketOptions(normalized[1] ? originalTlsConnect.call(this, tlsOptions, normalized[1])
                : originalTlsConnect.call(this, tlsOptions), options.socket);
        }
        const target = options.socket ? null : tunnelTarget(options);
        if (target === null) {
            return originalTlsConnect.apply(this, args);
        }
        if (options.onread) {
            warnNotTunnelled(target, 'the onread option');
            return originalTlsConnect.apply(this, args);
        }
        const tunnel = new net.Socket({ allowHalfOpen: options.allowHalfOpen, noDelay: options.noDelay,
            keepAlive: options.keepAlive, keepAliveInitialDelay: options.keepAliveInitialDelay });
        const tlsOptions = Object.assign({}, options, { socket: tunnel, host: options.host || 'localhost' });
        const socket = normalized[1] ? originalTlsConnect.call(this, tlsOptions, normalized[1])
            : originalTlsConnect.call(this, tlsOptions);
        if (options.timeout) {
            socket.setTimeout(options.timeout);
        }
        shareSocketOptions(socket, tunnel);
        connectThroughProxy(tunnel, target, null, 'tls');
        return socket;
    };

    const kTunnel = Symbol('trygr.tunnel');

    /**
     * tls.TLSSocket as before, except that a client socket made without one (`new tls.TLSSocket(null)`, later
     * `.connect({host, port})`) runs its TLS inside a tunnel socket.
     */
    class TLSSocket extends OriginalTLSSocket {
        constructor(socket, options) {
            if (socket == null && !(options && (options.isServer || options.pipe))) {
                const tunnel = new net.Socket({ allowHalfOpen: options ? options.allowHalfOpen : undefined });
                tunnel[kCarriesTls] = true;
                super(tunnel, options);
                this[kTunnel] = tunnel;
                shareSocketOptions(this, tunnel);
                // Without tls.connect, TLS errors of the wrapped socket are not the caller's: make them so.
                tunnel.once('error', (error) => this.destroy(error));
            } else if (socket && socket[kWaitingForProxy]) {
                super(heldBack(socket), options);
                shareSocketOptions(this, socket);
            } else {
                super(socket, options);
            }
        }

        connect(...args) {
            const tunnel = this[kTunnel];
            if (!tunnel) {
                return super.connect(...args);
            }
            const normalized = Array.isArray(args[0]) ? args[0] : net._normalizeArgs(args);
            if (normalized[1]) {
                this.once('connect', normalized[1]);
            }
            tunnel.connect(normalized[0]);   // tunnelled by net.Socket.prototype.connect above
            return this;
        }

        static [Symbol.hasInstance](value) {
            return value instanceof OriginalTLSSocket;
        }
    }
    tls.TLSSocket = TLSSocket;

    net.Socket.prototype[INSTALLED] = true;
    moduleApi.syncBuiltinESMExports();
    log('routing outbound TCP through ' + proxy.label);
}

/**
 * Keep-alive, no-delay, ref and unref asked of a TLS socket apply to the TCP socket it runs in (TLS over a
 * JavaScript stream has no handle of its own to apply them to: an unref'd HTTP keep-alive connection would
 * otherwise keep the process alive).
 */
function shareSocketOptions(tlsSocket, tcp) {
    tlsSocket.setKeepAlive = function setKeepAlive(enable, initialDelay) {
        tcp.setKeepAlive(enable, initialDelay);
        return this;
    };
    tlsSocket.setNoDelay = function setNoDelay(noDelay) {
        tcp.setNoDelay(noDelay);
        return this;
    };
    tlsSocket.ref = function ref() {
        tcp.ref();
        return net.Socket.prototype.ref.call(this);
    };
    tlsSocket.unref = function unref() {
        tcp.unref();
        return net.Socket.prototype.unref.call(this);
    };
    return tlsSocket;
}

/**
 * A plain stream over a net.Socket that is still waiting for the proxy's answer. TLS given a net.Socket with a
 * handle runs right on that handle, where the proxy's answer would reach OpenSSL; given this, it goes through
 * the socket's JavaScript side, after the answer was taken off.
 */
function heldBack(socket) {
    const stream = new Duplex({
        allowHalfOpen: socket.allowHalfOpen,
        write(chunk, encoding, callback) {
            socket.write(chunk, encoding, callback);
        },
        final(callback) {
            socket.end(callback);
        },
        read() {
            socket.resume();
        },
        destroy(error, callback) {
            socket.destroy(error || undefined);
            callback(error);
        },
    });
    socket.on('data', (chunk) => {
        if (!stream.push(chunk)) {
            socket.pause();
        }
    });
    socket.on('end', () => stream.push(null));
    socket.on('error', (error) => stream.destroy(error));
    socket.on('close', () => stream.destroy());
    return stream;
}

/** A network error code like the one the caller would have seen without the proxy. */
function refusalCode(status, body) {
    if (status !== '502' && status !== '504') {
        return 'EPROTO';
    }
    if (/not resolved|NXDOMAIN|unknown host/i.test(body)) {
        return 'ENOTFOUND';
    }
    if (/timed? ?out/i.test(body) || status === '504') {
        return 'ETIMEDOUT';
    }
    return 'ECONNREFUSED';
}

/** tls.connect's own argument rules: (port, host, options, cb) in any of its forms. */
function normalizeTlsArgs(args) {
    const normalized = net._normalizeArgs(args);
    const options = normalized[0];
    if (args[1] !== null && typeof args[1] === 'object') {
        Object.assign(options, args[1]);
    } else if (args[2] !== null && typeof args[2] === 'object') {
        Object.assign(options, args[2]);
    }
    return normalized;
}

function warnNotTunnelled(target, why) {
    process.stderr.write('trygr run: warning: connecting to ' + target.authority + ' directly, NOT through the '
        + 'trygr proxy (' + why + ' is not supported)\n');
}

function tunnelError(message, code, target) {
    const error = new Error('trygr run: ' + message);
    error.code = code;
    error.host = target.host;
    error.port = target.port;
    error.trygr = true;
    return error;
}

function isLoopback(host) {
    return host === 'localhost' || host === '::1' || /^127\./.test(host) || /^::ffff:127\./i.test(host);
}
