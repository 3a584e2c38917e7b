/**
 * How the catcher answers RCPT TO for some recipients instead of accepting them, so a test can meet
 * an unknown user (550) or a busy server (451) without a real remote server.
 */
export interface ReplyRule {
  /** Which recipients the rule is for: a test on the address as the client sent it, or a pattern. */
  match: ((rcpt: string) => boolean) | RegExp;
  /** The SMTP reply code, e.g. 550 or 451. */
  code: number;
  /** The reply text after the code, e.g. `5.1.1 User unknown`. */
  message: string;
  /**
   * Answer this way only the first `times` attempts for each recipient, then accept it (greylisting,
   * a server that recovers). Without it the rule applies every time.
   */
  times?: number;
}

/** An error that smtp-server turns into the reply `code message`. */
export class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SmtpReply';
  }
}

/** Applies the reply rules in order; the first that matches and has attempts left decides. */
export class ReplyRules {
  /** Attempts answered so far, per rule with `times`, per recipient. */
  private readonly used: Map<string, number>[];

  constructor(private readonly rules: readonly ReplyRule[]) {
    for (const rule of rules) {
      if (!Number.isInteger(rule.code) || rule.code < 400 || rule.code > 599) {
        throw new Error(`reply rule code ${rule.code} is not an SMTP error code (400–599)`);
      }
      if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 0)) {
        throw new Error(`reply rule times ${rule.times} must be a whole number of at least 0`);
      }
    }
    this.used = rules.map(() => new Map());
  }

  /** The rejection for this recipient, or undefined to accept it. */
  replyFor(rcpt: string): SmtpReply | undefined {
    for (const [index, rule] of this.rules.entries()) {
      if (!matches(rule.match, rcpt)) continue;
      if (rule.times !== undefined) {
        const used = this.used[index]!;
        const attempts = used.get(rcpt) ?? 0;
        if (attempts >= rule.times) continue;
        used.set(rcpt, attempts + 1);
      }
      return new SmtpReply(rule.code, rule.message);
    }
    return undefined;
  }
}

function matches(match: ReplyRule['match'], rcpt: string): boolean {
  if (match instanceof RegExp) {
    // A global or sticky pattern keeps state between calls; reset it so every recipient is tested alike.
    match.lastIndex = 0;
    return match.test(rcpt);
  }
  return match(rcpt);
}
