/**
 * Words that mark spam.
 * Spam here means unsolicited selling, crypto and phishing: the mail a person should not answer.
 */

/** Each hit adds one point; three make spam, whatever else the message says. */
export const SPAM_WORDS = [
  'airdrop', 'presale', 'pre-sale', 'token', 'tokens', 'crypto', 'bitcoin', 'btc', 'ethereum', 'wallet', 'nft', 'blockchain',
  'seo', 'backlink', 'backlinks', 'link building', 'ranking', 'first page of google', 'page 1', 'guest post', 'web design services',
  'free website audit', 'price list', 'our packages', 'guarantee', 'guaranteed', 'per month', '/month', 'discount', 'bonus',
  'limited time', 'act now', 'claim your', 'click here', 'winner', 'lottery', 'inheritance', 'beneficiary', 'investment opportunity',
  'casino', 'viagra', 'loan', 'storage quota', 'mailbox has reached', 'mailbox storage', 'validate your account', 'verify your account',
  'increase storage', 'password will expire', 'account will be suspended', 'suspended within', 'upgrade your storage', 'mail administrator',
  'gift card', 'our offers', 'special offer', 'free shipping', 'on sale',
  'serious relationship', 'pictures of me', 'hello dear', 'traffic to your', 'high-quality traffic', 'generate sales', 'insider',
  'make money', 'earn money', 'work from home', 'million dollars', 'millions of dollars', 'millionen euro', 'garantiert', 'pro jahr',
  'western union', 'money transfer', 'wire transfer', 'next of kin', 'bank account details',
  // Unsubscribe and opt-out footers are left out on purpose: organisations' CRMs add them to real endorsements.
  'reply with "yes"', 'reply with yes', 'dear friend', 'financial freedom', 'profits',
];
