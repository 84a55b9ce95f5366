/**
 * WebSocket (RFC 6455) as seen from the middle: recognising an accepted upgrade and its permessage-deflate
 * parameters (RFC 7692), and turning the bytes of each direction into whole messages for the recorder. Pure and
 * Netty-free; the proxy feeds these classes copies of the relayed bytes, so nothing here can alter what is
 * forwarded.
 */
package dev.trygr.proxy.ws;
