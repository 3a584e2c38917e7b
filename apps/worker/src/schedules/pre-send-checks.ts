import { Injectable } from '@nestjs/common';

/** What the pre-send checks found about a mailing; a blocking finding keeps it from being sent. */
export interface PreSendFinding {
  blocking: boolean;
  message: string;
}

/**
 * The checks a run of a schedule passes before it is sent (the issue checker, issue 17, fills this):
 * a blocking finding skips the run with its message as the reason.
 */
export abstract class PreSendChecks {
  abstract check(mailing: { mailingId: number; accountId: number }): Promise<PreSendFinding[]>;
}

/** Until the issue checker is built: nothing to report. */
@Injectable()
export class NoPreSendChecks extends PreSendChecks {
  check(): Promise<PreSendFinding[]> {
    return Promise.resolve([]);
  }
}
