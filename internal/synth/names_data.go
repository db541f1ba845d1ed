package synth

// Name pools. Each culture lists common given and family names, most
// frequent first; people are synthetic combinations of them, so common
// pairs ("Mohamed Ali", "John Smith", "Ivan Petrov") recur across different
// people, as they do in real registers.
//
// Entry syntax (one entry per ';'):
//
//	native=Latin1|Latin2|~Nick   native script, then romanisations (most
//	                             common first), ~ marks a nickname/short form
//	Latin1|Latin2|~Nick          Latin-script cultures
//	van der+Meer                 particle (tussenvoegsel) before '+'
//	*الهاشمي=Hashimi             '*' marks the Arabic article al-, which the
//	                             Latin forms leave off and rendering adds back
//	Олександр/Александр          Ukrainian name / its Russian form
//
// Cyrillic entries need no romanisation: every transliteration scheme in
// translit.go is applied; forms after '=' are extra conventional spellings.

type fatherKind uint8

const (
	fatherNone   fatherKind = iota
	fatherArabic            // "bin/ibn Father" or Father as a second given name
	fatherPatronymicRU
	fatherPatronymicUA
)

type cultureSpec struct {
	code        string
	script      script
	weight      float64 // share of the (Dutch-resident) population
	nats        string  // nationality weights "MA:35 NL:20"
	home        string  // country of birth for those born abroad
	father      fatherKind
	twoSurnames bool    // Spanish: paternal + maternal surname
	middle      float64 // share with a middle name
	femSurname  bool    // surname changes with gender (Ivanov/Ivanova, Kowalski/Kowalska)
	titles      string  // honorifics a clerk may prefix
	male        string
	female      string
	family      string
}

var cultureSpecs = []cultureSpec{
	{
		code: "nl", script: scriptLatin, weight: 42, nats: "NL:93 BE:7", home: "NL", middle: 0.45,
		titles: "Dhr.|Mevr.|Mr|Dr|Ir.|Drs.",
		male: "Johannes|~Jan|~Hans|~Johan;Hendrik|~Henk;Cornelis|~Kees;Willem|~Wim;Pieter|~Piet;" +
			"Jacobus|~Jaap|~Koos;Gerardus|~Gerard|~Gert;Adrianus|~Arie|~Adri;Theodorus|~Theo;" +
			"Franciscus|~Frans;Daan;Sem;Lucas;Thijs;Bram;Ruben;Jeroen;Mark;Dennis;Bas;Stijn;Wouter;Joost;Maarten",
		female: "Maria|~Marieke|~Mies;Johanna|~Anneke|~Joke;Wilhelmina|~Willy|~Mien;Cornelia|~Corrie|~Nel;" +
			"Catharina|~Karin|~Toos;Elisabeth|~Els|~Lies;Anna;Emma;Sanne;Lotte;Julia;Anouk;Femke;Eva;" +
			"Lieke;Inge;Marloes;Sofie;Ellen;Petra",
		family: "de+Jong;Jansen;de+Vries;van den+Berg;van+Dijk;Bakker;Janssen;Visser;Smit;Meijer|Meyer;" +
			"de+Boer;Mulder;de+Groot;Bos;Vos;Peters;Hendriks|Hendrickx;van+Leeuwen;Dekker;van der+Meer;" +
			"Brouwer;de+Wit;Dijkstra;Smits;de+Graaf;van der+Linden;Kok;Jacobs;de+Haan;Vermeulen;" +
			"van den+Heuvel;van der+Veen;van den+Broek;de+Bruijn|de+Bruyn|de+Bruin;Peeters;Maes;" +
			"Claes|Claessens;Wouters;De+Smet;Van den+Broeck",
	},
	{
		code: "ar", script: scriptArabic, weight: 10, nats: "MA:35 NL:20 SY:10 IQ:10 EG:6 DZ:5 TN:4 BE:5 FR:3 SA:2",
		home: "MA", father: fatherArabic,
		titles: "Sheikh|Haji|Hajji|Mr|Dr|Sayyid",
		male: "محمد=Mohammed|Muhammad|Mohamed|Mohamad|Muhammed|Mohammad;أحمد=Ahmed|Ahmad;علي=Ali|Aly;" +
			"يوسف=Youssef|Yusuf|Yousef|Youssouf|Yousif|Yusef;عمر=Omar|Umar|Omer;" +
			"عبد الرحمن=Abdulrahman|Abd al-Rahman|Abdul Rahman|Abderrahmane|Abdelrahman|Abdurrahman|Abd ar-Rahman;" +
			"عبد الله=Abdullah|Abdallah|Abdellah|Abd Allah|Abdulla;خالد=Khalid|Khaled;حسن=Hassan|Hasan;" +
			"حسين=Hussein|Husain|Hussain|Houssein|Hossein;إبراهيم=Ibrahim|Ebrahim|Brahim|Ibraheem;" +
			"مصطفى=Mustafa|Mustapha|Moustafa|Mostafa;كريم=Karim|Kareem;سعيد=Said|Saeed|Saïd;" +
			"طارق=Tariq|Tarek|Tarik;حمزة=Hamza|Hamzah;بلال=Bilal|Belal;رشيد=Rachid|Rashid|Rasheed;" +
			"عبد القادر=Abdelkader|Abd al-Qadir|Abdulkadir|Abdul Qadir|Abdel Kader;محمود=Mahmoud|Mahmud|Mahmood;" +
			"نبيل=Nabil|Nabeel;جمال=Jamal|Gamal|Djamel;ياسين=Yassine|Yasin|Yaseen|Yassin;" +
			"عثمان=Othman|Osman|Uthman|Outhmane;سمير=Samir|Sameer;فيصل=Faisal|Faysal|Fayçal",
		female: "فاطمة=Fatima|Fatma|Fatimah|Fatema;عائشة=Aisha|Aicha|Aysha|Aïcha;خديجة=Khadija|Khadidja|Khadeeja;" +
			"مريم=Maryam|Mariam|Meryem|Meriem;نور=Nour|Noor|Nur;ليلى=Layla|Leila|Laila|Leyla;" +
			"زينب=Zainab|Zaynab|Zeinab|Zineb;أمينة=Amina|Aminah|Amena;سميرة=Samira|Sameera;سلمى=Salma|Selma;" +
			"حنان=Hanan|Hanane;ياسمين=Yasmin|Yasmine|Jasmin;رانيا=Rania|Ranya;هدى=Houda|Huda|Hoda;" +
			"نادية=Nadia|Nadiya;سعاد=Souad|Suad;كريمة=Karima|Kareema;إيمان=Imane|Iman|Eman",
		family: "علي=Ali|Aly;حسن=Hassan|Hasan;*الهاشمي=Hashimi|Hashemi|Hachemi;*المصري=Masri|Masry;" +
			"*الخطيب=Khatib|Khateeb;*النجار=Najjar|Nadjar|Naggar;*الحداد=Haddad;*السيد=Sayed|Sayyid|Said;" +
			"إبراهيم=Ibrahim|Brahim;محمود=Mahmoud|Mahmud;عبد الله=Abdallah|Abdullah|Abdellah;" +
			"منصور=Mansour|Mansur;صالح=Saleh|Salih;خليل=Khalil|Khaleel;عزيز=Aziz|Azeez;" +
			"بن علي=Benali|Ben Ali|Bin Ali;*العمراني=Amrani;*الإدريسي=Idrissi|Idrisi|Edrissi;" +
			"بوزيد=Bouzid|Bou Zid|Bouzeid;درويش=Darwish|Darwich|Derwich;قاسم=Qasim|Kassem|Kacem|Qassem;" +
			"عثمان=Othman|Osman|Uthman;يوسف=Youssef|Yousef|Yusuf;*الشامي=Shami|Chami;*التميمي=Tamimi|Temimi;" +
			"*البغدادي=Baghdadi;سليمان=Suleiman|Soliman|Slimane|Sulaiman;*الزين=Zein|Zain",
	},
	{
		code: "fa", script: scriptArabic, weight: 2.5, nats: "IR:60 AF:25 NL:15", home: "IR",
		titles: "Mr|Dr|Haji|Agha",
		male: "محمد=Mohammad|Mohammed|Mohamad;علی=Ali;حسین=Hossein|Hosein|Hussein|Hosseyn;رضا=Reza|Rida;" +
			"مهدی=Mehdi|Mahdi;حمید=Hamid;امیر=Amir;سعید=Saeed|Said|Saied;مجید=Majid|Madjid;" +
			"بهروز=Behrouz|Behrooz|Behruz;داریوش=Dariush|Daryoush|Dariusch;محسن=Mohsen|Mohsin;" +
			"جواد=Javad|Jawad;فرهاد=Farhad;علیرضا=Alireza|Ali Reza",
		female: "فاطمه=Fatemeh|Fatemah|Fatima;زهرا=Zahra|Zahrah;مریم=Maryam|Mariam;نرگس=Narges|Nargis;" +
			"شیرین=Shirin|Shireen;پریسا=Parisa;لیلا=Leila|Layla;سارا=Sara|Sarah;نازنین=Nazanin;مهسا=Mahsa",
		family: "حسینی=Hosseini|Hoseini|Husseini;احمدی=Ahmadi|Ahmady;محمدی=Mohammadi|Mohamadi;" +
			"رضایی=Rezaei|Rezaee|Rezai|Rezaie;کریمی=Karimi|Karimy;مرادی=Moradi;جعفری=Jafari|Jafary|Jaafari;" +
			"رحیمی=Rahimi;صادقی=Sadeghi|Sadeqi|Sadeghy;کاظمی=Kazemi|Kazemy;قربانی=Ghorbani|Qorbani|Gorbani;" +
			"حیدری=Heidari|Heydari|Haidari;تهرانی=Tehrani;نجفی=Najafi;شیرازی=Shirazi;موسوی=Mousavi|Musavi|Moussavi",
	},
	{
		code: "tr", script: scriptLatin, weight: 7, nats: "TR:45 NL:50 DE:5", home: "TR",
		titles: "Bay|Bayan|Mr|Dr|Hacı",
		male: "Mehmet;Mustafa;Ahmet;Ali;Hüseyin;Hasan;İbrahim;İsmail;Osman;Yusuf;Murat;Ömer;Ramazan;" +
			"Halil;Süleyman;Abdullah;Emre;Burak;Serkan;Kemal",
		female: "Ayşe;Fatma;Emine;Hatice;Zeynep;Elif;Meryem;Şerife;Zehra;Sultan;Hülya;Özlem;Gül;Büşra;Esra;Merve",
		family: "Yılmaz;Kaya;Demir;Şahin;Çelik;Yıldız;Yıldırım;Öztürk;Aydın;Özdemir;Arslan;Doğan;Kılıç;" +
			"Aslan;Çetin;Kara;Koç;Kurt;Özkan;Şimşek;Polat;Korkmaz;Karaca;Güneş",
	},
	{
		code: "ru", script: scriptCyrillicRU, weight: 3, nats: "RU:60 BY:15 UA:10 NL:10 DE:5", home: "RU",
		father: fatherPatronymicRU, femSurname: true, titles: "Mr|Dr",
		male: "Александр=Alexander|~Sasha;Иван=~Vanya;Сергей=Sergei;Дмитрий=Dmitry|Dmitri|~Dima;Андрей=Andrei;" +
			"Алексей=Alexei|Alexey;Михаил=Michael|~Misha;Николай=Nicolai;Владимир=~Volodya;" +
			"Евгений=Evgeny|Eugene|~Zhenya;Юрий=Yuri|Iouri;Максим=Maxim;Игорь;Олег;Виктор=Victor;" +
			"Павел=Paul;Илья;Никита;Артём=Artem;Роман",
		female: "Ольга;Елена=Elena|Helena;Наталья=Natalia|Nataliya|~Natasha;Татьяна=Tatiana|~Tanya;Анна;" +
			"Мария=Maria|~Masha;Ирина;Светлана=~Sveta;Екатерина=Ekaterina|Katerina|~Katya;Юлия=Yulia|Julia;" +
			"Анастасия=Anastasia|~Nastya;Людмила=Ludmila;Галина;Валентина;Дарья=Daria|~Dasha",
		family: "Иванов;Петров;Смирнов;Кузнецов;Попов;Соколов;Лебедев;Козлов;Новиков;Морозов;Волков;" +
			"Соловьёв;Васильев;Зайцев;Павлов;Семёнов;Голубев;Виноградов;Богданов;Воробьёв;Фёдоров;" +
			"Михайлов;Беляев;Тарасов;Белов;Орлов;Макаров;Андреев;Ильин;Гусев;Титов;Сорокин;Никитин;" +
			"Егоров;Сидоров;Вишневский;Покровский;Успенский",
	},
	{
		code: "uk", script: scriptCyrillicUA, weight: 3, nats: "UA:85 NL:10 PL:5", home: "UA",
		father: fatherPatronymicUA, femSurname: true, titles: "Mr|Dr",
		male: "Олександр/Александр=Alexander|~Sasha;Сергій/Сергей;Андрій/Андрей;Олексій/Алексей;Іван/Иван;" +
			"Микола/Николай;Володимир/Владимир;Дмитро/Дмитрий;Михайло/Михаил;Василь/Василий;Юрій/Юрий;" +
			"Тарас;Богдан;Віктор/Виктор;Петро/Пётр;Максим;Артем/Артём;Ігор/Игорь;Олег;Роман",
		female: "Оксана;Олена/Елена;Наталія/Наталья;Тетяна/Татьяна;Ольга;Юлія/Юлия;Ірина/Ирина;" +
			"Світлана/Светлана;Анна;Марія/Мария;Катерина/Екатерина;Людмила;Галина;Валентина;" +
			"Вікторія/Виктория;Анастасія/Анастасия",
		family: "Шевченко;Коваленко;Бондаренко;Ткаченко;Кравченко;Олійник/Олейник;Мельник;Шевчук;Коваль;" +
			"Бойко;Кравчук;Поліщук/Полищук;Лисенко/Лысенко;Руденко;Савченко;Марченко;Петренко;Клименко;" +
			"Мороз;Ковальчук;Павленко;Сидоренко;Гончаренко;Романенко;Левченко;Ткачук;Харченко;" +
			"Кушнір/Кушнир;Іваненко/Иваненко;Литвиненко;Бондар;Кузьменко;Мартинюк;Савчук;Карпенко;Ковальський",
	},
	{
		code: "en", script: scriptLatin, weight: 5, nats: "GB:60 IE:15 US:10 NL:10 CA:5", home: "GB", middle: 0.6,
		titles: "Mr|Mrs|Ms|Dr|Sir",
		male: "John|~Jack|~Johnny;James|~Jim|~Jimmy;William|~Bill|~Will|~Billy;Robert|~Bob|~Rob|~Bobby;" +
			"Michael|~Mike|~Mick;David|~Dave;Richard|~Rick|~Dick;Thomas|~Tom|~Tommy;Joseph|~Joe;" +
			"Charles|~Charlie;Christopher|~Chris;Daniel|~Dan|~Danny;Matthew|~Matt;Anthony|~Tony;" +
			"Edward|~Ed|~Ted|~Eddie;Steven|Stephen|~Steve;Andrew|~Andy;Peter|~Pete;George;Paul;Mark;" +
			"Patrick|~Paddy|~Pat;Sean|Shaun|Shawn;Liam",
		female: "Mary|~Molly;Patricia|~Pat|~Trish;Jennifer|~Jenny|~Jen;Linda;Elizabeth|~Liz|~Beth|~Betty;" +
			"Barbara|~Barb;Susan|~Sue;Jessica|~Jess;Sarah|Sara|~Sally;Karen;Margaret|~Maggie|~Peggy|~Meg;" +
			"Catherine|Katherine|Kathryn|~Kate|~Cathy|~Katie;Emily|~Em;Rebecca|~Becky;Helen;Alice;" +
			"Siobhan;Claire|Clare;Emma;Laura",
		family: "Smith;Jones;Williams;Brown;Taylor;Davies|Davis;Wilson;Evans;Thomas;Johnson;Roberts;Walker;" +
			"Wright;Thompson|Thomson;White;Hughes;Edwards;Green;Hall;Wood;Harris;Clarke|Clark;Jackson;" +
			"Murphy;O'Brien|OBrien|O Brien;McDonald|MacDonald|Mcdonald;Kelly;Byrne;Ryan;Martin;Robinson;Lewis",
	},
	{
		code: "fr", script: scriptLatin, weight: 4, nats: "FR:70 BE:20 NL:5 CH:5", home: "FR", middle: 0.3,
		titles: "M.|Mme|Mlle|Dr|Mr",
		male: "Jean;Pierre;Michel;Philippe;Alain;Nicolas;François;Jean-Pierre|Jean Pierre;Jean-Luc|Jean Luc;" +
			"Laurent;Julien;Thomas;Sébastien;Christophe;Éric|Eric;Patrick",
		female: "Marie;Nathalie;Isabelle;Sylvie;Catherine;Françoise;Sophie;Céline;Anne-Marie|Anne Marie|Annemarie;" +
			"Camille;Léa;Valérie;Sandrine;Christine;Hélène;Aurélie",
		family: "Martin;Bernard;Dubois;Thomas;Robert;Richard;Petit;Durand;Leroy;Moreau;Simon;Laurent;" +
			"Lefèvre|Lefebvre;Michel;Garcia;David;Bertrand;Roux;Vincent;Fournier;Morel;Girard;André;" +
			"Mercier;Dupont;Lambert;Bonnet;François;Faure;Rousseau",
	},
	{
		code: "yo", script: scriptLatin, weight: 2, nats: "NG:85 NL:10 GB:5", home: "NG", middle: 0.35,
		titles: "Mr|Mrs|Chief|Dr|Alhaji|Pastor",
		male: "Oluwaseun|~Seun;Adebayo|Adébáyọ̀|~Bayo;Babatunde|~Tunde;Oluwafemi|~Femi;Adewale|~Wale;" +
			"Olumide|~Mide;Olusegun|~Segun;Ayodele|~Ayo;Kehinde;Taiwo;Oluwatobi|~Tobi;Damilola|~Dami;" +
			"Ademola|~Demola;Olawale;Abiodun|~Biodun",
		female: "Folake;Funmilayo|~Funmi;Yetunde|~Yetty;Olufunke|~Funke;Temitope|~Tope;Oluwakemi|~Kemi;" +
			"Adunni;Bukola|~Bukky;Abimbola|~Bimbo;Kehinde;Taiwo;Omolara|~Lara;Titilayo|~Titi;Modupe|~Dupe",
		family: "Adeyemi|Adéyẹmí;Ogunleye;Olawale;Adebayo;Balogun;Ogunbiyi;Adeleke;Oyelaran;Akinola;" +
			"Oladipo;Olaniyan;Adesina;Ogundipe;Babatunde;Oyewole;Afolabi;Adewumi;Ajayi;Oyebanji",
	},
	{
		code: "ha", script: scriptLatin, weight: 1, nats: "NG:75 NE:15 NL:10", home: "NG",
		titles: "Alhaji|Hajiya|Mallam|Mr|Dr",
		male: "Abubakar|Abubakr|Aboubakar|Abu Bakr;Musa|Moussa;Ibrahim|Ibrahima;Aminu;Usman|Uthman|Ousmane|Othman;" +
			"Sani;Umar|Umaru|Oumarou;Bashir|Bachir;Yakubu|Yacouba;Abdullahi|Abdoulaye;Isa|Issa;" +
			"Mustapha|Mustafa|Moustapha;Haruna|Harouna;Idris|Idrissa",
		female: "Aisha|Aishatu|Aïssatou;Hauwa|Hawa;Fatima|Fatimah|Fatouma;Zainab|Zeinabou;Hadiza|Hadizatou;" +
			"Amina|Aminatu|Aminata;Maryam|Mariama;Halima|Halimatou;Rukayya|Rukaiya;Khadija|Kadija",
		family: "Abdullahi;Bello;Sani;Garba;Lawal;Danjuma;Yusuf|Yusufu;Aliyu;Musa;Idris;Suleiman|Sulaiman;" +
			"Mohammed|Muhammad;Ibrahim;Usman;Abubakar;Haruna;Adamu;Tijani|Tidjani;Shehu;Mahmud",
	},
	{
		code: "ak", script: scriptLatin, weight: 2, nats: "GH:85 NL:15", home: "GH", middle: 0.4,
		titles: "Mr|Mrs|Dr|Nana|Pastor",
		male: "Kwame|Kwamé;Kofi|Koffi;Kwaku|Kweku;Kwabena|Kobina;Yaw|Yao;Kwesi|Kwasi|Akwasi;Kojo|Kodjo;" +
			"Kwadwo|Kwadjo;Emmanuel;Samuel;Isaac;Daniel;Prince;Ebenezer",
		female: "Akosua;Ama;Abena|Abenaa;Adwoa|Adjoa;Afua|Afia;Akua;Yaa;Esi;Efua;Grace;Mercy;Comfort;Abigail;Gifty",
		family: "Mensah;Owusu;Boateng;Asante;Osei;Appiah;Agyeman|Agyemang;Darko;Amoah;Ofori;Adjei;" +
			"Frimpong;Antwi;Acheampong;Opoku;Amponsah;Addo;Asamoah;Bonsu",
	},
	{
		code: "in", script: scriptLatin, weight: 3, nats: "IN:80 NL:10 GB:10", home: "IN", middle: 0.2,
		titles: "Mr|Mrs|Dr|Shri|Smt.",
		male: "Rahul;Amit;Sanjay|Sanjai;Rajesh;Vijay|Vijai;Arjun;Suresh;Ramesh;Anil;Sunil;Deepak|Dipak;" +
			"Ravi;Manoj;Ajay|Ajai;Vikram;Gurpreet;Harpreet;Krishna|Krishnan;Srinivas|Srinivasa|Shrinivas;Mohan",
		female: "Priya|Preeya;Anjali;Sunita|Suneeta;Pooja|Puja;Neha;Kavita|Kavitha;Lakshmi|Laxmi;" +
			"Deepa|Dipa;Anita|Aneeta;Sita|Seeta;Meena|Mina;Rekha;Divya;Shweta|Sweta",
		family: "Sharma;Patel;Singh;Kumar;Gupta;Reddy;Iyer;Das;Mukherjee|Mukherji|Mukerjee;" +
			"Banerjee|Banerji;Shah;Rao;Nair;Pillai;Verma;Joshi;Mehta;Chopra;Agarwal|Aggarwal;Menon;" +
			"Desai;Bose|Basu;Chatterjee|Chatterji",
	},
	{
		code: "pk", script: scriptLatin, weight: 2.5, nats: "PK:70 BD:15 NL:10 GB:5", home: "PK", middle: 0.25,
		titles: "Mr|Dr|Haji|Hajji|Sheikh|Syed",
		male: "Muhammad|Mohammad|Mohammed|Md.;Imran;Asif|Aasif;Bilal;Faisal|Faysal;Tariq|Tarique;" +
			"Usman|Osman;Zubair|Zubayr;Kamran;Naveed|Navid;Shahid|Shaheed;Adnan;Rizwan;" +
			"Abdul Rahim|Abdur Rahim|Abdulrahim;Hamza",
		female: "Ayesha|Aisha;Sana|Sanaa;Fatima|Fatema;Nadia;Saima;Sadia;Rabia|Rabiya;Hina;Amina|Aamina;" +
			"Farzana;Nasreen|Nasrin;Shabana",
		family: "Khan;Hussain|Husain|Hussein;Ahmed|Ahmad;Ali;Chaudhry|Chaudhary|Choudhury|Chowdhury;Malik;" +
			"Qureshi|Kureshi|Qureishi;Butt|Bhatt;Iqbal;Akhtar|Akhter;Rahman|Rehman;Islam;Hossain|Hosain;" +
			"Siddiqui|Siddiqi|Siddique;Mirza;Sheikh|Shaikh;Raza;Javed|Jawed;Aslam;Uddin|Udin",
	},
	{
		code: "es", script: scriptLatin, weight: 4, nats: "ES:45 CO:15 MX:10 AR:10 VE:10 NL:5 PE:5", home: "ES",
		twoSurnames: true, titles: "Sr.|Sra.|Don|Doña|Dr|Mr",
		male: "José|~Pepe;Juan;Antonio|~Toño;Manuel|~Manolo;Francisco|~Paco|~Pancho;Carlos;Javier|Xavier;" +
			"Luis;Miguel;Jesús|~Chucho;Alejandro|~Alex;Juan Carlos;José Luis;José Antonio;Pedro;Diego;" +
			"Sergio;Andrés;Fernando;Jorge",
		female: "María;Carmen;Ana;Lucía;Laura;Isabel|~Isa;Cristina;Marta;María José|~Majo;" +
			"María del Carmen|María Carmen|~Mari Carmen;Dolores|~Lola;Pilar;Rosa;Elena;Sofía;Paula;" +
			"Teresa|~Tere;Guadalupe|~Lupe",
		family: "García;Rodríguez;González;Fernández;López;Martínez;Sánchez;Pérez;Gómez;Martín;Jiménez;" +
			"Ruiz;Hernández;Díaz;Moreno;Muñoz;Álvarez;Romero;Alonso;Gutiérrez;Navarro;Torres;Domínguez;" +
			"Vázquez|Vasquez;Ramos;Castro;Ortiz;Rubio;Morales;Suárez",
	},
	{
		code: "pl", script: scriptLatin, weight: 5, nats: "PL:90 NL:10", home: "PL", femSurname: true,
		middle: 0.1, titles: "Pan|Pani|Mr|Dr",
		male: "Piotr;Krzysztof;Andrzej;Tomasz;Paweł;Michał;Marcin;Jakub|~Kuba;Łukasz;Adam;Marek;Grzegorz|~Grzesiek;" +
			"Mateusz;Wojciech|~Wojtek;Kamil;Jan;Dariusz|~Darek;Rafał;Zbigniew;Jerzy",
		female: "Anna|~Ania;Katarzyna|~Kasia;Małgorzata|~Gosia;Agnieszka|~Aga;Barbara;Ewa;Krystyna;" +
			"Magdalena|~Magda;Joanna|~Asia;Aleksandra|~Ola;Monika;Zofia|~Zosia;Dorota;Beata;Justyna",
		family: "Nowak;Kowalski;Wiśniewski;Wójcik;Kowalczyk;Kamiński;Lewandowski;Zieliński;Szymański;" +
			"Woźniak;Dąbrowski;Kozłowski;Jankowski;Mazur;Kwiatkowski;Krawczyk;Piotrowski;Grabowski;" +
			"Nowakowski;Pawłowski;Michalski;Nowicki;Adamczyk;Dudek;Zając;Wieczorek;Jabłoński;Król;" +
			"Majewski;Olszewski",
	},
}
