/** Our reply Message-IDs recognised whatever secret signed them (after Redis lost the secret). */
import { replyIdStem, sameReply } from '../../src/replies/id-stem';
import { signedMessageId } from '../../src/replies/signed-id';

const key = 'm0123456789abcdef0123456789abcdef';

test('the stem is what no secret changes', () => {
  const id = signedMessageId('old secret', 'acknowledgement', key, 'appeal.example');
  expect(replyIdStem(id)).toEqual({ stem: `<acknowledgement.${key}.`, tail: '@appeal.example>' });
});

test('the same reply under two secrets is the same reply; another subject, type or domain is not', () => {
  const before = signedMessageId('old secret', 'confirmation', `${key}-1`, 'appeal.example');
  const after = signedMessageId('new secret', 'confirmation', `${key}-1`, 'appeal.example');
  expect(before).not.toBe(after);
  expect(sameReply(before, after)).toBe(true);
  expect(sameReply(signedMessageId('s', 'confirmation', `${key}-10`, 'appeal.example'), after)).toBe(false);
  expect(sameReply(signedMessageId('s', 'withdrawal', `${key}-1`, 'appeal.example'), after)).toBe(false);
  expect(sameReply(signedMessageId('s', 'confirmation', `${key}-1`, 'other.example'), after)).toBe(false);
  expect(sameReply(signedMessageId('s', 'confirmation', `${key}-1`, 'APPEAL.example'), after)).toBe(true);
});

test('IDs not of our shape have no stem and match nothing', () => {
  for (const id of ['<CAJ3x@mail.gmail.com>', '<acknowledgement.abc@appeal.example>', `<acknowledgement.${key}.nothex@appeal.example>`, 'no brackets']) {
    expect(replyIdStem(id)).toBeNull();
  }
  expect(sameReply('<x.y.0123456789abcdef0123@appeal.example> trailing', '<x.y.0123456789abcdef0123@appeal.example>')).toBe(false);
});
