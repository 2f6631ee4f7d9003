import { type ServerResponse } from 'node:http';
import type { PageAnswer } from './htmlPage';
import type { LocalAwsState } from './LocalAwsState';

/** Writes the answers of the JSON, text and page routes with the headers AWS sends: request id, the server clock as Date. */
export class Reply {
  constructor(
    private readonly state: LocalAwsState,
    private readonly res: ServerResponse,
    private readonly requestId: string,
  ) {}

  /** A JSON body (an empty one for undefined). */
  json(status: number, answer: Readonly<Record<string, unknown>> | undefined, headers: Record<string, string> = {}): void {
    this.write(status, answer === undefined ? '' : JSON.stringify(answer), { 'Content-Type': 'application/json', ...headers });
  }

  /** A plain-text body: one sentence for a person or a log to read. */
  text(status: number, text: string): void {
    this.write(status, text, { 'Content-Type': 'text/plain; charset=utf-8' });
  }

  page(answer: PageAnswer): void {
    if ('location' in answer) this.write(302, '', { Location: answer.location });
    else this.write(answer.status, answer.html, { 'Content-Type': 'text/html; charset=utf-8' });
  }

  private write(status: number, text: string, headers: Record<string, string>): void {
    this.res.writeHead(status, {
      ...headers,
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
      'x-amzn-RequestId': this.requestId,
      Date: new Date(this.state.now()).toUTCString(),
    });
    this.res.end(text);
  }
}
