/**
 * Small place lexicons the country library does not cover: major cities (in the spellings our senders
 * use), regions and alternative country names, and clear demonyms. Kept deliberately short: a city is a
 * strong hint, so only unambiguous, well-known ones are listed.
 */

/** Major cities and regions -> ISO 3166-1 alpha-2. Several spellings per line, separated by `|`. */
export const CITIES: Readonly<Record<string, string>> = {
  // Ukraine, Belarus, Russia, Caucasus, Baltics, Moldova
  'Kyiv|Kiev|Київ|Киев|Кіеў|Kijów|Kyjiw|Kiew|Kijev|Kyjev|Κίεβο|キーウ|キエフ': 'UA',
  'Lviv|Lwów|Львів|Львов|Lemberg|Lvov': 'UA',
  // Ukrainian alternates і/о and є/и in declension (Харків -> Харкова), which no stem rule catches.
  'Kharkiv|Kharkov|Харків|Харкова|Харкові|Харьков|Charkiw|Charków|Києва|Києві|Львова|Львові|Чернігова|Чернігові': 'UA',
  'Odesa|Odessa|Одеса|Одесса': 'UA',
  'Dnipro|Дніпро|Днепр|Zaporizhzhia|Запоріжжя|Poltava|Полтава|Chernihiv|Чернігів|Vinnytsia|Вінниця|Mykolaiv|Миколаїв|Kryvyi Rih|Кривий Ріг|Ivano-Frankivsk|Івано-Франківськ|Uzhhorod|Ужгород|Lutsk|Луцьк|Rivne|Рівне|Ternopil|Тернопіль|Sumy|Суми|Kherson|Херсон|Zhytomyr|Житомир|Cherkasy|Черкаси|Khmelnytskyi|Хмельницький|Kropyvnytskyi|Кропивницький|Chernivtsi|Чернівці|Mariupol|Маріуполь|Donetsk|Донецьк|Luhansk|Луганськ|Kramatorsk|Краматорськ|Bucha|Буча|Irpin|Ірпінь': 'UA',
  'Minsk|Мінск|Минск|Hrodna|Гродна|Брэст|Homel|Гомель': 'BY',
  'Moscow|Moskau|Moscou|Moscú|Mosca|Москва|Moskwa|Moskva|Saint Petersburg|St Petersburg|Санкт-Петербург|Петербург|Novosibirsk|Новосибирск|Yekaterinburg|Екатеринбург': 'RU',
  'Tbilisi|Tiflis|Тбилиси|Тбілісі|თბილისი|Batumi|Батуми|ბათუმი|Kutaisi|ქუთაისი': 'GE',
  'Yerevan|Ереван|Єреван|Երևան|Երեւան|Gyumri|Գյումրի|Vanadzor|Վանաձոր': 'AM',
  'Baku|Баку|Bakı': 'AZ',
  'Vilnius|Вильнюс|Вільнюс|Wilno|Kaunas|Каунас': 'LT',
  'Riga|Rīga|Рига|Рыга': 'LV',
  'Tallinn|Таллин|Таллінн|Tartu': 'EE',
  'Chișinău|Chisinau|Кишинёв|Кишинев|Кишинів': 'MD',
  // Central Europe
  'Warsaw|Warszawa|Warschau|Varsovie|Varsovia|Варшава|Varšava|Kraków|Krakow|Cracow|Krakau|Wrocław|Wroclaw|Breslau|Gdańsk|Gdansk|Danzig|Poznań|Poznan|Łódź|Lodz|Lublin|Люблін|Szczecin|Katowice|Białystok|Bialystok|Rzeszów|Rzeszow|Przemyśl|Przemysl': 'PL',
  'Prague|Praha|Prag|Praga|Прага|Brno|Ostrava|Plzeň|Plzen|Olomouc': 'CZ',
  'Bratislava|Košice|Kosice': 'SK',
  'Budapest|Будапешт|Debrecen|Szeged': 'HU',
  'Vienna|Wien|Vienne|Viena|Вена|Відень|Graz|Linz|Salzburg|Innsbruck|Klagenfurt|Steiermark|Styria|Tirol|Kärnten|Vorarlberg|Niederösterreich|Oberösterreich': 'AT',
  'Zürich|Zurich|Zurigo|Basel|Bâle|Geneva|Genève|Genf|Ginevra|Lausanne|Lucerne|Luzern|St. Gallen|Lugano': 'CH',
  'Ljubljana|Maribor': 'SI',
  'Zagreb|Rijeka': 'HR',
  'Belgrade|Beograd|Београд|Novi Sad|Нови Сад|Niš|Ниш|Kragujevac|Крагујевац': 'RS',
  'Sarajevo|Сарајево|Mostar|Tuzla': 'BA',
  'Bucharest|București|Bucuresti|Bukarest|Cluj-Napoca|Cluj|Timișoara|Iași|Iasi': 'RO',
  'Sofia|София|Plovdiv|Varna': 'BG',
  // Germany
  'Berlin|Берлін|Берлин|Hamburg|Munich|München|Múnich|Monaco di Baviera|Cologne|Köln|Frankfurt|Francfort|Stuttgart|Düsseldorf|Dusseldorf|Leipzig|Dresden|Hannover|Hanover|Nuremberg|Nürnberg|Bremen|Dortmund|Bochum|Duisburg|Bonn|Münster|Freiburg|Kassel|Göttingen|Heidelberg|Mannheim|Karlsruhe|Augsburg|Regensburg|Würzburg|Kiel|Rostock|Lübeck|Magdeburg|Jena|Erfurt|Chemnitz|Potsdam|Wiesbaden|Mainz|Darmstadt|Saarbrücken|Offenburg|Tübingen|Konstanz|Bielefeld|Oldenburg|Osnabrück|Braunschweig|Bayern|Bavaria|Sachsen|Thüringen|Hessen|Nordhessen|Niedersachsen|Nordrhein-Westfalen|Baden-Württemberg|Brandenburg|Schleswig-Holstein|Ruhrgebiet': 'DE',
  // France, Benelux
  'Paris|Париж|Parigi|París|Lyon|Lyons|Marseille|Marsella|Toulouse|Bordeaux|Lille|Nantes|Strasbourg|Straßburg|Montpellier|Rennes|Grenoble|Rouen|Dijon|Besançon|Clermont-Ferrand|Saint-Étienne|Isère|Bretagne|Île-de-France|Normandie|Occitanie|Alsace|Provence': 'FR',
  'Brussels|Bruxelles|Brussel|Brüssel|Bruselas|Bruxelas|Bruksela|Liège|Luik|Lüttich|Antwerp|Antwerpen|Anvers|Gent|Ghent|Gand|Charleroi|Namur|Leuven|Louvain|Bruges|Brugge|Wallonie|Vlaanderen|Flanders|Flandre': 'BE',
  'Amsterdam|Rotterdam|The Hague|Den Haag|Utrecht|Eindhoven|Groningen|Nijmegen|Leiden|Maastricht|Tilburg|Arnhem': 'NL',
  'Luxembourg City|Esch-sur-Alzette': 'LU',
  // Iberia, Italy, Greece, Cyprus, Malta
  'Madrid|Barcelona|Zaragoza|Saragossa|Sevilla|Seville|Bilbao|Bilbo|Valencia|València|Málaga|Malaga|Murcia|Granada|Valladolid|Vigo|Gijón|Oviedo|Santander|Pamplona|Iruña|Donostia|San Sebastián|Vitoria|Gasteiz|Alicante|Cádiz|Salamanca|Girona|Tarragona|Lleida|Lavapiés|Andalucía|Andalusia|Galicia|Galiza|Asturias|Navarra|Cataluña|Catalunya|Catalonia|Catalogne|Katalonien|Euskadi|Euskal Herria|País Vasco|Aragón|Canarias': 'ES',
  'Lisbon|Lisboa|Lissabon|Lisbonne|Porto|Oporto|Coimbra|Braga|Faro': 'PT',
  'Rome|Roma|Rom|Milan|Milano|Mailand|Naples|Napoli|Turin|Torino|Bologna|Bolonia|Florence|Firenze|Florenz|Genoa|Genova|Venice|Venezia|Venedig|Palermo|Bari|Catania|Verona|Padova|Padua|Trieste|Pisa|Livorno|Perugia|Cagliari|Trento|Bolzano|Parma|Modena|Brescia|Bergamo|Toscana|Tuscany|Sicilia|Sardegna|Lombardia|Piemonte|Emilia-Romagna|Puglia': 'IT',
  'Athens|Athen|Athènes|Atenas|Atene|Αθήνα|Афіни|Афины|Thessaloniki|Salonica|Θεσσαλονίκη|Patras|Πάτρα|Heraklion|Ηράκλειο|Volos|Βόλος': 'GR',
  'Nicosia|Λευκωσία|Limassol|Λεμεσός': 'CY',
  'Valletta': 'MT',
  // British Isles, Nordics
  'London|Londres|Londra|Londyn|Лондон|Manchester|Birmingham|Liverpool|Leeds|Sheffield|Bristol|Newcastle|Nottingham|Leicester|Brighton|Oxford|Cambridge|Norwich|Southampton|Cardiff|Swansea|Glasgow|Edinburgh|Aberdeen|Dundee|Belfast|Derry': 'GB',
  'Dublin|Cork|Galway|Limerick|Waterford': 'IE',
  'Stockholm|Göteborg|Gothenburg|Malmö|Uppsala|Umeå|Lund|Linköping|Örebro|Västerås': 'SE',
  'Oslo|Bergen|Trondheim|Stavanger|Tromsø': 'NO',
  'Copenhagen|København|Kopenhagen|Aarhus|Århus|Odense|Aalborg': 'DK',
  'Helsinki|Helsingfors|Tampere|Tammerfors|Turku|Åbo|Oulu|Jyväskylä': 'FI',
  'Reykjavík|Reykjavik': 'IS',
  // Turkey and beyond
  'Istanbul|İstanbul|Ankara|İzmir|Izmir|Bursa|Antalya|Diyarbakır|Diyarbakir': 'TR',
  'Tokyo|Tōkyō|東京|Osaka|大阪|Kyoto|京都|Kobe|神戸|Nagoya|名古屋|Sapporo|札幌|Fukuoka|福岡|Yokohama|横浜|Hiroshima|広島|Kansai|関西': 'JP',
  'Seoul|서울|Busan': 'KR',
  'Taipei|台北|臺北|Kaohsiung|高雄|Taichung|台中|臺中|Tainan|台南': 'TW',
  'Vancouver|Toronto|Montreal|Montréal|Ottawa|Calgary|Edmonton|Winnipeg|Québec|Quebec|Ontario|British Columbia': 'CA',
  'New York|Chicago|Los Angeles|San Francisco|Boston|Philadelphia|Seattle|Washington, DC|Washington DC|Cleveland|Detroit|Pittsburgh|Minneapolis|Denver|Atlanta|Baltimore|Milwaukee|Oakland|Brooklyn|Cincinnati|Sacramento|San Diego': 'US',
  // US states whose names are no common first or family names.
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|West Virginia|Wisconsin|Wyoming': 'US',
  // Africa and Asia, where the appeal's networks reach.
  'Nairobi|Mombasa|Kisumu|Kibera': 'KE', 'Arusha|Dar es Salaam|Dodoma|Zanzibar|Mwanza': 'TZ', 'Lagos|Abuja|Enugu|Ibadan|Kano|Port Harcourt': 'NG',
  'Accra|Kumasi': 'GH', 'Kampala': 'UG', 'Kigali': 'RW', 'Addis Ababa': 'ET', 'Cairo|Alexandria': 'EG', 'Tunis|Sfax|Sousse': 'TN',
  'Casablanca|Rabat|Marrakesh|Marrakech': 'MA', 'Algiers|Alger|Oran': 'DZ', 'Dakar': 'SN', 'Harare|Bulawayo': 'ZW', 'Lusaka': 'ZM',
  'Jakarta|Bandung|Surabaya|Yogyakarta|Medan|Semarang': 'ID', 'Manila|Quezon City|Cebu|Davao': 'PH', 'Kuala Lumpur|Penang': 'MY',
  'Bangkok|Chiang Mai': 'TH', 'Hanoi|Ho Chi Minh City|Saigon': 'VN', 'Karachi|Lahore|Islamabad': 'PK', 'Dhaka|Chittagong': 'BD',
  'Kathmandu': 'NP', 'Colombo': 'LK', 'Beirut|Beyrouth': 'LB', 'Amman': 'JO', 'Erbil|Baghdad': 'IQ', 'Tehran|Teheran': 'IR',
  'Almaty|Astana': 'KZ', 'Bishkek': 'KG', 'Tashkent': 'UZ', 'Ulaanbaatar': 'MN', 'Hong Kong|香港': 'HK',
  'Cusco|Cuzco|Arequipa|Trujillo': 'PE', 'Quito|Guayaquil': 'EC', 'La Paz|Cochabamba|Santa Cruz de la Sierra': 'BO', 'Caracas': 'VE', 'Havana|La Habana': 'CU',
  'Mexico City|Ciudad de México|Guadalajara|Monterrey': 'MX',
  'Buenos Aires|Rosario|Córdoba, Argentina|La Plata': 'AR',
  'São Paulo|Sao Paulo|Rio de Janeiro|Belo Horizonte|Porto Alegre|Brasília|Brasilia|Recife|Curitiba|Fortaleza': 'BR',
  'Santiago de Chile|Valparaíso|Valparaiso': 'CL',
  'Bogotá|Bogota|Medellín|Medellin': 'CO',
  'Lima': 'PE',
  'Montevideo': 'UY',
  'Sydney|Melbourne|Brisbane|Adelaide|Canberra': 'AU',
  'Auckland|Wellington|Christchurch|Dunedin|Aotearoa': 'NZ',
  'Johannesburg|Cape Town|Durban|Pretoria': 'ZA',
  'Tel Aviv|Haifa|Jerusalem': 'IL',
  'Delhi|New Delhi|Mumbai|Kolkata|Chennai|Bangalore|Bengaluru': 'IN',
  // Capitals and large cities as their own people write them (a signature's "Org, City" in the sender's language).
  'Tirana|Tiranë|Tirane|Durrës|Durres|Shkodër|Shkoder': 'AL', 'Prishtina|Prishtinë|Pristina|Приштина': 'XK',
  'Skopje|Скопје|Bitola|Битола': 'MK', 'Podgorica|Подгорица': 'ME', 'Пловдив|Варна': 'BG',
  'ירושלים|תל אביב|תל־אביב|חיפה': 'IL', 'القاهرة|الإسكندرية': 'EG', 'تهران|اصفهان|Isfahan|Esfahan': 'IR',
  'بيروت': 'LB', 'عمّان': 'JO', 'بغداد|أربيل': 'IQ', 'Damascus|دمشق|Aleppo|حلب': 'SY', 'الرباط|الدار البيضاء': 'MA',
  'नई दिल्ली|दिल्ली|मुंबई|कोलकाता|चेन्नई|बेंगलुरु': 'IN', 'ঢাকা': 'BD', 'काठमाडौं|काठमाडौँ': 'NP', 'Улаанбаатар': 'MN',
  'Beijing|北京|Shanghai|上海|Guangzhou|广州|Shenzhen|深圳|Wuhan|武汉': 'CN', '부산|인천|Incheon': 'KR', 'Maynila': 'PH',
  'Hà Nội|Ha Noi|Thành phố Hồ Chí Minh|Sài Gòn|Đà Nẵng|Da Nang': 'VN', 'กรุงเทพฯ|กรุงเทพมหานคร|เชียงใหม่': 'TH',
  'Akureyri': 'IS', 'Il-Belt Valletta|Birkirkara|Sliema|Tas-Sliema': 'MT', 'Baile Átha Cliath|Corcaigh|Gaillimh|Luimneach': 'IE',
  'Caerdydd|Abertawe|Casnewydd|Dùn Èideann|Glaschu': 'GB', 'Bilbo|Gasteiz|Vitoria-Gasteiz|Iruña|Iruñea': 'ES', 'Kinshasa': 'CD',
};

/** Country names the library lacks or spells differently from our senders. */
export const EXTRA_COUNTRY_NAMES: Readonly<Record<string, string>> = {
  'Britain|Great Britain|England|Scotland|Wales|Northern Ireland|Écosse|Escocia|Schottland|Scozia|Angleterre|Inglaterra|Inghilterra|Cymru': 'GB',
  'Holland|Nederland|Hollande|Holanda|Olanda': 'NL',
  'Czechia|Česko|Česká republika|Tschechien|Chequia|Cechia|Tchéquie|Czechy|Чехия|Чехія': 'CZ',
  'Türkiye|Turkiye|Türkei|Turquie|Turquía|Turchia|Turcja|Турция|Туреччина': 'TR',
  'USA|EE.UU.|EEUU|Estados Unidos|États-Unis|Stati Uniti|Vereinigte Staaten': 'US',
  'Moldova|Moldawien|Moldavia|Moldavie|Mołdawia|Молдова': 'MD',
  'Macedonia|North Macedonia|Nordmazedonien': 'MK',
  'Bosnia|Bosnien|Bosna': 'BA',
  'Palestine|Palästina|Palestina|Палестина': 'PS',
  // Names in the country's own language that Node's ICU lacks in the form people write them.
  'Shqipëri|Shqipëria|Shqiperi|Shqiperia': 'AL', 'Pilipinas|Filipinas': 'PH', 'Éire': 'IE',
};

/**
 * Demonyms and adjectives that clearly place an organisation (weak evidence). Matched as word
 * prefixes, so one entry covers inflected forms ("ogólnopolsk" covers -i, -a, -ie).
 */
export const DEMONYMS: Readonly<Record<string, string>> = {
  german: 'DE', deutsch: 'DE', french: 'FR', francais: 'FR', francaise: 'FR', spanish: 'ES', espanol: 'ES', espanola: 'ES',
  italian: 'IT', italiano: 'IT', italiana: 'IT', polish: 'PL', ogolnopolsk: 'PL', czech: 'CZ', cesk: 'CZ', slovak: 'SK',
  swedish: 'SE', svensk: 'SE', norwegian: 'NO', norsk: 'NO', danish: 'DK', dansk: 'DK', finnish: 'FI', suomen: 'FI',
  dutch: 'NL', nederlands: 'NL', belgian: 'BE', belge: 'BE', austrian: 'AT', osterreichisch: 'AT', swiss: 'CH',
  irish: 'IE', british: 'GB', scottish: 'GB', welsh: 'GB', greek: 'GR', ellinik: 'GR', turkish: 'TR', japanese: 'JP',
  brazilian: 'BR', brasileir: 'BR', argentin: 'AR', canadian: 'CA', portuguese: 'PT', portugues: 'PT', catalan: 'ES',
  catala: 'ES', basque: 'ES', mexican: 'MX', mexicano: 'MX', georgian: 'GE', lithuanian: 'LT', latvian: 'LV', estonian: 'EE',
  moldovan: 'MD', romanian: 'RO', hungarian: 'HU', slovenian: 'SI', croatian: 'HR', serbian: 'RS', bulgarian: 'BG',
  tunisi: 'TN', algeri: 'DZ', marocain: 'MA', moroccan: 'MA', egypti: 'EG', peruvian: 'PE', peruan: 'PE', chilean: 'CL', chilen: 'CL',
  colombian: 'CO', colombiano: 'CO', venezolan: 'VE', cuban: 'CU', filipin: 'PH', filipino: 'PH', pilipino: 'PH', indonesi: 'ID',
  nigerian: 'NG', kenyan: 'KE', tanzanian: 'TZ', armenian: 'AM', azerbaijan: 'AZ', kazakh: 'KZ', uruguay: 'UY', bolivian: 'BO', ecuatorian: 'EC',
};
