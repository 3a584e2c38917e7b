/** The SMTP stage a server refused at. CONN: at connection or greeting. */
export type SmtpCommand = 'CONN' | 'HELO' | 'MAIL' | 'RCPT' | 'DATA';

const STAGES: readonly [RegExp, SmtpCommand][] = [
  [
    /smtp command[\s:-]{0,20}data\b|\bend of data\b|\bour data\b|\bfor text command\b|\bafter data\b|\bdata command\b|>>> data\b|\bin reply to data\b|after end of (?:data|message)/i,
    'DATA',
  ],
  [
    /smtp command[\s:-]{0,20}rcpt\b|\bsmtp:rcpt\b|\bin reply to rcpt\b|\bour rcpt to\b|\brcpt to response\b|\brcpt to command\b|\bafter rcpt to\b|\brcpt command\b|>>> rcpt\b|\bafter rcpt\b/i,
    'RCPT',
  ],
  [
    /smtp command[\s:-]{0,20}mail\b|\bin reply to mail\b|\bour mail from\b|\bmail from response\b|\bmail from command\b|\bmail command\b|>>> mail\b|\bafter mail\b|\bsender was rejected\b/i,
    'MAIL',
  ],
  [/\b(?:e?hlo|helo|ehlo) command\b|>>> e?hlo\b|\bafter e?hlo\b|\bin reply to e?hlo\b/i, 'HELO'],
  [
    /\binitial connection\b|\bgreeting\b|\bafter connect(?:ion)?\b|\bwhile connecting\b|\bconnection refused\b/i,
    'CONN',
  ],
];

/**
 * The SMTP command a refusal answered, from the words around it: Postfix's "(in reply to RCPT TO
 * command)", Exim's "after RCPT TO:", Sendmail's ">>> DATA", qmail's "sender was rejected". The first
 * stage named wins: a transcript goes on after the refusal (">>> DATA" after a refused RCPT TO).
 */
export function findSmtpCommand(text: string): SmtpCommand | undefined {
  if (!text) return undefined;
  const sample = text.length > 4096 ? text.slice(0, 4096) : text;
  let found: { at: number; command: SmtpCommand } | undefined;
  for (const [pattern, command] of STAGES) {
    const at = pattern.exec(sample)?.index;
    if (at !== undefined && (!found || at < found.at)) found = { at, command };
  }
  return found?.command;
}
