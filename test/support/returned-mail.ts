// Messages that come back to the inbound SMTP server: a delivery status notification (RFC 3464)
// and an abuse report (ARF, RFC 5965), each about one message Herald sent.

export function dsn(verp: string, recipient: string, status: string, diagnostic: string, messageId: string): string {
  return [
    `From: MAILER-DAEMON@mx.example.test`,
    `To: ${verp}`,
    `Subject: Undelivered Mail Returned to Sender`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="b1"`,
    ``,
    `--b1`,
    `Content-Type: text/plain`,
    ``,
    `I'm sorry to have to inform you that your message could not be delivered.`,
    `--b1`,
    `Content-Type: message/delivery-status`,
    ``,
    `Reporting-MTA: dns; mx.example.test`,
    ``,
    `Final-Recipient: rfc822; ${recipient}`,
    `Action: failed`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${diagnostic}`,
    `--b1`,
    `Content-Type: text/rfc822-headers`,
    ``,
    `Message-ID: ${messageId}`,
    `To: ${recipient}`,
    `--b1--`,
    ``,
  ].join('\r\n');
}

export function arf(to: string, recipient: string, messageId: string): string {
  return [
    `From: feedback@fbl.example.test`,
    `To: ${to}`,
    `Subject: Abuse report`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=feedback-report; boundary="f1"`,
    ``,
    `--f1`,
    `Content-Type: text/plain`,
    ``,
    `This is an email abuse report.`,
    `--f1`,
    `Content-Type: message/feedback-report`,
    ``,
    `Feedback-Type: abuse`,
    `User-Agent: ExampleFBL/1.0`,
    `Version: 1`,
    `Original-Rcpt-To: ${recipient}`,
    `--f1`,
    `Content-Type: text/rfc822-headers`,
    ``,
    `Message-ID: ${messageId}`,
    `To: ${recipient}`,
    `--f1--`,
    ``,
  ].join('\r\n');
}
