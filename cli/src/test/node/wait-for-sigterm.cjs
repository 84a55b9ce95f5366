// Writes argv[2]/ready, then waits; on SIGTERM writes argv[2]/sigterm and exits. Run by RunCommandTest.
const fs = require('fs');
const path = require('path');

process.on('SIGTERM', () => {
    fs.writeFileSync(path.join(process.argv[2], 'sigterm'), String(process.pid));
    process.exit(0);
});
setInterval(() => {}, 1000);
fs.writeFileSync(path.join(process.argv[2], 'ready'), String(process.pid));
