const nodemailer = require('nodemailer');
const SMTPConnection = require('nodemailer/lib/smtp-connection');
const port = Number(process.argv[2]); const mode = process.argv[3]; const N = 20000;
const body = Buffer.from('From: a@b.example\r\nTo: x@y.example\r\nSubject: hi\r\nMessage-ID: <1@b>\r\n\r\n' + ('Lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(1) + '\r\n').repeat(130));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function main() {
  const c0 = cpu(); const t0 = performance.now();
  if (mode === 'pool' || mode === 'pool-mid') {
    const t = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port, maxConnections: 4, maxMessages: Infinity });
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => { while (next < N) { const i = next++; await t.sendMail({ envelope: { from: 'b-1@b.example', to: `u${i}@y.example` }, raw: body, ...(mode === 'pool-mid' ? { messageId: `<m${i}@b>` } : {}) }); } }));
    t.close();
  } else {
    const conns = await Promise.all(Array.from({ length: 4 }, () => new Promise((res, rej) => { const c = new SMTPConnection({ host: '127.0.0.1', port }); c.connect(() => res(c)); c.once('error', rej); })));
    let next = 0;
    await Promise.all(conns.map(async (c) => { while (next < N) { const i = next++; await new Promise((res, rej) => c.send({ from: 'b-1@b.example', to: [`u${i}@y.example`] }, body, (e, info) => e ? rej(e) : res(info))); } }));
    conns.forEach((c) => c.quit());
  }
  const s = (performance.now() - t0) / 1000;
  console.log(mode, (N / s).toFixed(0), 'msg/s', ((cpu() - c0) / N * 1000).toFixed(0), 'µs CPU/msg');
}
main();
