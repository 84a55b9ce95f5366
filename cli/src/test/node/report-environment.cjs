// Writes what `trygr run` gave this process to the file named by argv[2], then exits with argv[3].
// Run by RunCommandTest.
const fs = require('fs');
const net = require('net');

fs.writeFileSync(process.argv[2], JSON.stringify({
    nodeOptions: process.env.NODE_OPTIONS,
    trygrProxy: process.env.TRYGR_PROXY,
    extraCaCerts: process.env.NODE_EXTRA_CA_CERTS,
    preloadInstalled: net.Socket.prototype[Symbol.for('trygr.run.installed')] === true,
    userPreloadRan: globalThis.userPreloadRan === true,
}));
process.exit(Number(process.argv[3]));
