// What the app did through dialog, shell, app.* and the session (recorded for the test), the
// application menu it set, and the dialog answers the test queued.
import type { ChildNote, ChildReplies, ChildRequest, DialogAnswers, DialogMethod, MenuItemSnapshot } from './protocol.js';
import type { Findings } from './types.js';

const DEFAULT_ANSWERS: DialogAnswers = {
  showOpenDialog: { canceled: true, filePaths: [] },
  showSaveDialog: { canceled: true, filePath: '' },
  showMessageBox: { response: 0, checkboxChecked: false },
};

type RecordNote = Extract<ChildNote, { op: 'menu.set' | 'dialog.errorBox' | 'shell.note' | 'session' | 'app.call' }>;

export class CallRecords {
  /** The application menu as last set by Menu.setApplicationMenu (null when none). */
  menu: MenuItemSnapshot[] | null = null;

  private readonly findings: Findings;
  private readonly answers = new Map<DialogMethod, unknown[]>();

  constructor(findings: Findings) {
    this.findings = findings;
  }

  /** Queues the answer to the next call of `method` (first in, first out). */
  answerDialog<M extends DialogMethod>(method: M, answer: DialogAnswers[M]): void {
    const queue = this.answers.get(method) ?? [];
    queue.push(answer);
    this.answers.set(method, queue);
  }

  /** A dialog the app shows: the next queued answer, else the default (canceled / response 0). */
  dialog(body: Extract<ChildRequest, { op: 'dialog' }>): ChildReplies['dialog'] {
    const answer = this.answers.get(body.method)?.shift() ?? DEFAULT_ANSWERS[body.method];
    this.findings.dialogCalls.push({ method: body.method, windowId: body.winId, options: body.options, answer });
    return answer as DialogAnswers[DialogMethod];
  }

  shell(body: Extract<ChildRequest, { op: 'shell' }>): ChildReplies['shell'] {
    this.findings.shellCalls.push({ method: body.method, args: body.args });
    return null;
  }

  onNote(body: RecordNote): void {
    switch (body.op) {
      case 'menu.set':
        this.menu = body.template;
        break;
      case 'dialog.errorBox':
        this.findings.dialogCalls.push({ method: 'showErrorBox', windowId: null, options: { title: body.title, content: body.content }, answer: null });
        break;
      case 'shell.note':
        this.findings.shellCalls.push({ method: body.method, args: body.args });
        break;
      case 'session':
        this.findings.sessionCalls.push({ method: body.method, active: body.active, ...(body.detail !== undefined ? { detail: body.detail } : {}) });
        break;
      case 'app.call':
        this.findings.appCalls.push({ method: body.method, args: body.args });
        break;
    }
  }
}
