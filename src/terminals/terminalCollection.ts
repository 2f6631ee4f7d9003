import * as vscode from 'vscode';

/** Who new terminals act as, for the log and the collection's description in the terminal's tab hover. */
export interface CollectionOwner {
  profile: string;
  how: string;
  /** What a guard says of the profile (its account, that it is guarded), if it is guarded. */
  guard?: string;
}

/** The collection's description in the terminal's tab hover: who the terminal acts as, and what the user should know about it. */
function describe(what: CollectionOwner, note: string | undefined): vscode.MarkdownString {
  const guard = what.guard ? `\n\n${md(what.guard)}` : '';
  return new vscode.MarkdownString(vscode.l10n.t('AWS credentials of profile **{0}** ({1}){2}{3}', md(what.profile), md(what.how), guard, note ? `\n\n${md(note)}` : ''));
}

/**
 * The window's environment variable collection: what every new terminal of the window gets (the
 * active profile's variables, or nothing). It holds what was last asked for, never a snapshot, and
 * can be emptied for a moment while a terminal of its own starts (suspend).
 */
export class TerminalCollection {
  private applied = '';
  /** What the collection should hold; held back while a terminal of its own starts (see suspend). */
  private desired: { values: Record<string, string> | undefined; what: CollectionOwner | undefined } = { values: undefined, what: undefined };
  private suspensions = 0;
  private note: string | undefined;

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    collection.persistent = false;
  }

  /** New terminals should act as `what.profile` with `values` (undefined: nothing); applied at once unless suspended, logged when it changes. */
  put(values: Record<string, string> | undefined, what: CollectionOwner | undefined): void {
    this.desired = { values, what };
    if (this.suspensions === 0) this.apply();
  }

  /** The profile new terminals act as now (undefined: none, or a terminal of its own is starting). */
  get profile(): string | undefined {
    return this.suspensions === 0 && this.applied !== '' ? this.desired.what?.profile : undefined;
  }

  /** A sentence added to the tab hover of the terminals the collection feeds (undefined: none). */
  setNote(note: string | undefined): void {
    if (note === this.note) return;
    this.note = note;
    const { what } = this.desired;
    if (what && this.applied !== '' && this.suspensions === 0) this.collection.description = describe(what, note);
  }

  /**
   * Empties the collection while a terminal of its own starts: VS Code applies the window's
   * collection on top of every new terminal, `strictEnv` ones included (seen in code-server 1.100),
   * which would give it the active profile. On release the collection gets what is desired then
   * (changes meanwhile are kept, never a snapshot). A terminal that something else starts in that
   * moment gets no credentials from the extension.
   */
  suspend(): () => void {
    if (this.suspensions++ === 0 && this.applied !== '') {
      this.collection.clear();
      this.applied = '\0suspended';
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.suspensions === 0) this.apply();
    };
  }

  private apply(): void {
    const { values, what } = this.desired;
    const key = values === undefined ? '' : JSON.stringify(values);
    if (key === this.applied) {
      // Same variables, another guard sentence (the guards changed): only the description.
      const description = what && key !== '' ? describe(what, this.note) : undefined;
      if (description && description.value !== (this.collection.description as vscode.MarkdownString | undefined)?.value) this.collection.description = description;
      return;
    }
    this.collection.clear();
    for (const [name, value] of Object.entries(values ?? {})) this.collection.replace(name, value);
    this.collection.description = what && describe(what, this.note);
    this.applied = key;
    this.log.info(what ? `New terminals act as profile "${what.profile}" (${what.how}).` : 'New terminals get no AWS credentials from this window.');
  }
}

/** Escapes Markdown in a profile name shown in the collection's description. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}
