import { impersonatedService } from '../../../src/mail/impersonation';

const from = (name: string, address: string) => ({ name, address });

describe('a sender posing as a file-sharing or signing service', () => {
  it.each([
    ['Marta Kowalczyk via SharePoint Online', 'no-reply@sharepoint-docs-online.com'],
    ['Google Drive', 'drive-shares@g00gle-share.net'],
    ['Dropbox', 'no-reply@dropbox-files.info'],
    ['DocuSign Electronic Signature', 'dse@docusign-mail.co'],
    ['Jan Novák via OneDrive', 'share@onedrive.example.org'],
  ])('%s <%s> is caught', (name, address) => {
    expect(impersonatedService(from(name, address))).toMatch(/claims .* but the mail comes from/);
  });

  it.each([
    ['Marta Kowalczyk via SharePoint Online', 'no-reply@sharepoint.com'],
    ['Google Drive', 'drive-shares-dm-noreply@google.com'],
    ['DocuSign', 'dse_na2@docusign.net'],
    ['Google Workers Union', 'info@alphabetworkersunion.org'],
    ['Box Factory Workers Committee', 'committee@boxfactory.example'],
    ['Dropbox Solidarity Network for Ukraine', 'hello@solidarity.example'],
    ['Anna Schmidt', 'anna@example.de'],
  ])('%s <%s> is not', (name, address) => {
    expect(impersonatedService(from(name, address))).toBeNull();
  });
});
