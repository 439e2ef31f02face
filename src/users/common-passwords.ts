/**
 * The words most often found at the heart of leaked passwords (after stripping digits and symbols
 * around them: "Password123!" is "password"), with the word for "password" in the appeal's main
 * languages and the words an organiser of this appeal would reach for first. Small on purpose: it
 * refuses the guesses an attacker tries first, not every weak password.
 */

/** Lower-case, letters only. */
export const COMMON_PASSWORD_WORDS: ReadonlySet<string> = new Set(`
password passwort passwords passwd motdepasse contrasena contrasenha senha parola haslo wachtwoord salasana lozinka
heslo jelszo parool geslo losenord adgangskode passord salasona parolja parol
qwerty qwertz azerty qwertyuiop qwertyuiopasdfghjkl asdfghjkl asdfgh asdf zxcvbnm zxcvbn qazwsx qazwsxedc qazxsw qwaszx
qwer asdfasdf qweasd qweasdzxc zaq xsw qazwsxedcrfv qwertyu qwertyui abcdef abcdefg abcdefgh abcdefghij abc abcd
iloveyou letmein welcome admin administrator root toor login master monkey dragon football baseball basketball soccer
hockey sunshine princess trustno shadow superman batman spiderman starwars whatever freedom secret access hello
charlie michael jennifer jordan hunter buster harley tigger thomas robert daniel ranger george computer michelle jessica
pepper ginger joshua cheese amanda summer winter ashley nicole chelsea matthew yankees dallas austin thunder taylor
matrix william corvette martin heather merlin diamond hammer silver anthony justin bailey patrick internet scooter orange
golfer cookie richard samantha guitar jackson mickey chicken sparky snoopy maverick phoenix camaro peanut morgan falcon
cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer spider nascar monster
tigers yellow gateway marina diablo bulldog compaq purple banana junior hannah porsche lakers iceman money london tennis
coffee scooby miller boston brandon yamaha chester mother forever johnny edward oliver player nikita knight fender barney
midnight please brandy chicago badboy slayer rangers charles angel flower rabbit wizard jasper enter rachel chris steven
winner adidas victoria natasha jasmine prince marine fishing cocacola casper james raiders marlboro gandalf crystal golden
panther lauren angela madison winston shannon toyota canada sophie apples tiger pokemon muffin johnson murphy cooper
jonathan liverpool david danielle jackie turtle scorpion butter carlos dennis slipknot booger black startrek cameron
newyork rainbow nathan rocket viking sierra peaches gemini doctor wilson sandra helpme victor florida dolphin captain
tucker blue bandit packers jaguar lovers nicholas united tiffany maxwell nirvana jeremy monica elephant giants hotdog
rosebud success mountain warrior albert lucky alex samson benjamin voodoo driver dexter jason calvin freddy creative
sydney bubba trouble gunner happy loveme gordon changeme default guest test tester testing temp temporary user
letmeinnow welcomehome iloveu lovely loveyou babygirl baby sweety sweetheart angel family friends friend god jesus
christ blessed faith hope heaven purple flower sunflower butterfly
correcthorsebatterystaple passphrase mypassword yourpassword thepassword secretpassword supersecret topsecret
peace peaceforukraine peaceinukraine ukraine ukraina slavaukraini slavaukrayini heroyamslava standwithukraine
stopthewar stopwar nowar antiwar peacenow freeukraine solidarity endorse endorsement endorsements appeal petition
review reviewer organiser organizer organisers volunteer activist campaign inbox mailbox
`.trim().split(/\s+/));
