/**
 * Where the appeal profile comes from: APPEAL_FILE, else APPEAL_TITLE alone. Its own module, apart
 * from the configuration, so offline commands (`extract`, the evaluation) can read the same profile
 * the worker uses without the servers' settings.
 */
import { readFileSync } from 'node:fs';
import { AppealProfileError, parseAppealProfile, profileFromTitle, type AppealProfile } from './profile';

/**
 * The appeal profile from APPEAL_FILE (relative to the working directory), else from APPEAL_TITLE;
 * with both, APPEAL_TITLE is the English title only where the file has none.
 * @throws AppealProfileError naming the variable, the file and the field.
 */
export function loadAppealProfile(settings: { APPEAL_TITLE?: string | undefined; APPEAL_FILE?: string | undefined }): AppealProfile {
  const title = settings.APPEAL_TITLE?.trim() || undefined;
  const file = settings.APPEAL_FILE?.trim() || undefined;
  if (!file) {
    if (!title) throw new AppealProfileError('APPEAL_TITLE or APPEAL_FILE is required');
    return profileFromTitle(title);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppealProfileError(`APPEAL_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let profile: AppealProfile;
  try {
    profile = parseAppealProfile(source, file);
  } catch (err) {
    if (err instanceof AppealProfileError) throw new AppealProfileError(`APPEAL_FILE ${err.message}`);
    throw err;
  }
  return title && !profile.titles.en ? { ...profile, titles: { en: title, ...profile.titles } } : profile;
}
