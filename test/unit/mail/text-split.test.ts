import { splitMessage } from '../../../src/mail/text';

describe('splitMessage', () => {
  it.each([
    ['On Mon, 6 Feb 2023 at 22:12, Appeal Team <info@appeal.example> wrote:'],
    ['Am 06.02.2023 um 22:12 schrieb Appeal Team <info@appeal.example>:'],
    ['Le lun. 6 févr. 2023 à 22:12, Appeal Team <info@appeal.example> a écrit :'],
    ['El lun, 6 feb 2023 a las 22:12, Appeal Team (<info@appeal.example>) escribió:'],
    ['W dniu 6.02.2023 o 22:12, Appeal Team pisze:'.replace('pisze', 'napisał')],
    ['6 февр. 2023 г., в 22:12, Appeal Team <info@appeal.example> написал(а):'.replace('(а)', '')],
    ['2023年2月6日(月) 22:12 Appeal Team <info@appeal.example>:'],
  ])('cuts the quoted reply at %p', (attribution) => {
    const s = splitMessage(`Count us in.\n\nAroha\n\n${attribution}\n\n> Please endorse the appeal.\n> In solidarity`);
    expect(s.body).toContain('Count us in.');
    expect(s.body).not.toMatch(/endorse/);
    expect(s.quoted).toContain('Please endorse');
  });

  it('cuts a Gmail attribution wrapped over two lines', () => {
    const s = splitMessage('Yes, we sign.\n\nOn Mon, 6 Feb 2023 at 22:12, European Network for Solidarity <\ninfo@appeal.example> wrote:\n> Please endorse');
    expect(s.body).toBe('Yes, we sign.');
  });

  it('cuts Outlook quotes: the separator line and the From/Sent header block', () => {
    const a = splitMessage('I am out of the office.\n\n-----Original Message-----\nFrom: Appeal <info@appeal.example>\nSent: Tuesday\nSubject: Thank you for endorsing\n\nWe recorded your endorsement.');
    expect(a.body).toBe('I am out of the office.');
    expect(a.quoted).toContain('We recorded your endorsement.');
    const b = splitMessage('Thanks!\n\n________________________________\nVon: Appeal <info@appeal.example>\nGesendet: Dienstag, 21. Februar 2023 13:02\nAn: Jane\nBetreff: Danke\n\nWir haben eure Unterstützung erfasst.');
    expect(b.body).toBe('Thanks!');
    expect(b.quoted).toContain('Unterstützung erfasst');
  });

  it('strips interleaved > lines from the new text', () => {
    const s = splitMessage('> Will you sign?\nYes, we sign.\n> And the deadline?\nBefore Friday.');
    expect(s.body).toBe('Yes, we sign.\nBefore Friday.');
    expect(s.quoted).toContain('Will you sign?');
  });

  it('reads an inline forward: the forwarder’s note, the original sender and the original text', () => {
    const s = splitMessage(
      'Please add them, Claire\n\n---------- Forwarded message ---------\nDe : Comité de soutien <comite@example.be>\nDate: mer. 15 févr. 2023\nSubject: Signature\nTo: Claire <claire@example.org>\n\n\nLe Comité souhaite signer l’appel.',
    );
    expect(s.body).toBe('Please add them, Claire');
    expect(s.forwarded?.from).toEqual({ address: 'comite@example.be', name: 'Comité de soutien' });
    expect(s.forwarded?.text).toBe('Le Comité souhaite signer l’appel.');
  });

  it('reads a bare Outlook header block as a forward when the subject says so', () => {
    const text = 'FYI\n\nFrom: Ana <ana@example.pt>\nSent: Monday\nTo: me\nSubject: Adesão\n\nAderimos ao apelo.';
    expect(splitMessage(text, { subject: 'FW: Adesão' }).forwarded?.from?.address).toBe('ana@example.pt');
    expect(splitMessage(text, { subject: 'RE: Adesão' }).forwarded).toBeNull();
  });

  it('separates the signature at "-- " and at a sign-off in several languages', () => {
    expect(splitMessage('We sign.\n-- \nJane Roe\nSecretary').signature).toBe('Jane Roe\nSecretary');
    for (const signOff of ['Best regards,', 'Solidarische Grüße', 'Cordialement,', 'Saludos,', 'Pozdrawiam', 'С уважением,', 'Met vriendelijke groet,']) {
      const s = splitMessage(`We sign the appeal.\n\n${signOff}\nJane Roe\nHarbour Workers Union`);
      expect(s.body).toBe('We sign the appeal.');
      expect(s.signature).toBe(`${signOff}\nJane Roe\nHarbour Workers Union`);
    }
  });

  it('does not take a long sentence that starts like a sign-off for the signature', () => {
    const s = splitMessage('Thanks for confirming. At our meeting the youth section also voted to endorse the appeal, please add them.\n\nDaniel');
    expect(s.body).toContain('youth section');
  });

  it('moves trailing legal disclaimers out of the text', () => {
    const s = splitMessage('Wir unterstützen den Aufruf.\n\nGrüße\nEva\n\nDiese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.');
    expect(s.disclaimer).toMatch(/^Diese E-Mail enthält vertrauliche/);
    expect(s.signature).toBe('Grüße\nEva');
  });

  it('stays linear on long hostile input', () => {
    const inputs = [
      'On '.repeat(100_000),
      `${'>'.repeat(100_000)}\n`.repeat(3),
      `${'-'.repeat(50_000)}Original Message${'-'.repeat(50_000)}`,
      'From: x\n'.repeat(20_000),
      `${'a@b'.repeat(30_000)} wrote`,
      'Best regards,\n'.repeat(20_000),
      `${'<'.repeat(100)}${'a'.repeat(100)}@${'b'.repeat(250)}`.repeat(400),
      `${' '.repeat(100_000)}x\n${'\t '.repeat(50_000)}y`,
    ];
    for (const text of inputs) {
      const t0 = Date.now();
      splitMessage(text, { maxChars: 1_000_000 });
      expect(Date.now() - t0).toBeLessThan(1000);
    }
  });
});

describe('splitMessage with bottom-posting', () => {
  it('keeps the answer written below the quoted call', () => {
    const s = splitMessage('On Mon, 6 Feb 2023 at 22:12, Appeal <info@appeal.example> wrote:\n> Please endorse the appeal.\n> Thanks\n\nYes, the Harbour Workers Union endorses it.\n\nJane');
    expect(s.body).toContain('Harbour Workers Union endorses it.');
    expect(s.body).not.toContain('Please endorse');
    expect(s.quoted).toContain('Please endorse the appeal.');
  });

  it('still treats a reply with its answer on top as top-posting', () => {
    const s = splitMessage('We sign.\n\nOn Mon, 6 Feb 2023, Appeal <info@appeal.example> wrote:\n> Please endorse.\nunquoted tail of the quoted mail');
    expect(s.body).toBe('We sign.');
    expect(s.quoted).toContain('unquoted tail');
  });
});

describe('splitMessage with unmarked quotes', () => {
  it('keeps an unmarked copy under an attribution quoted, so our own call is never read as the sender’s words', () => {
    const s = splitMessage('On Mon, 6 Feb 2023, Appeal <info@appeal.example> wrote:\nPlease endorse the appeal.\nWe sign on behalf of the network.');
    expect(s.body).toBe('');
    expect(s.quoted).toContain('Please endorse the appeal.');
  });
});
