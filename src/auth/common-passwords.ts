/**
 * The most common passwords of 8 characters or more (shorter ones fail the length rule anyway),
 * from the public leaked-password top lists (SecLists' 10k most common, NCSC's top 100,000 head)
 * with the Indonesian ones seen in the same lists. Compared in lower case.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
12345678 123456789 1234567890 12345678910 123123123 123456123 1234512345 11111111 111111111 1111111111
00000000 000000000 0000000000 22222222 33333333 44444444 55555555 66666666 77777777 88888888 99999999
87654321 987654321 9876543210 0987654321 01234567 012345678 0123456789 12341234 12121212 11223344
112233445566 123321123 123454321 123456654321 1234554321 147258369 147852369 159753456 159357456 741852963
789456123 963852741 12344321 13131313 20202020 20212021 20222022 20232023 20242024 20252025 20262026
19841984 19851985 19861986 19871987 19881988 19891989 19901990 19911991 19921992 19931993 19941994
password password1 password12 password123 password1234 password! password01 passw0rd p@ssword p@ssw0rd
p@ssword1 p@ssw0rd1 pa55word pa55w0rd passwort motdepasse contraseña qwertyuiop qwertyui qwerty123
qwerty1234 qwerty12 qwertyuiop123 qwerty12345 1qaz2wsx 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qazxsw2 zaq12wsx
zaq1zaq1 q1w2e3r4 q1w2e3r4t5 asdfghjkl asdfghjk asdf1234 asdfasdf zxcvbnm1 zxcvbnm123 zxcvbnmasd
qazwsxedc qazwsx123 1234qwer qwer1234 abcd1234 abc12345 abc123456 abcdefgh abcdefg1 abcdefghi a1b2c3d4
aa123456 aaaaaaaa a12345678 a123456789 1234abcd 12345abc 12345qwert 1234567a 1234567q 123456789a
iloveyou iloveyou1 iloveyou2 loveyou1 sunshine sunshine1 princess princess1 football football1 baseball
basketball superman batman123 starwars trustno1 whatever welcome1 welcome123 welcome! letmein1 letmein123
changeme changeme1 changeme123 computer computer1 internet michelle jennifer jessica1 charlie1 master123
mastermind dragon12 dragon123 monkey12 monkey123 shadow12 shadow123 freedom1 mustang1 corvette chocolate
butterfly elephant pokemon1 pokemon123 minecraft fortnite liverpool chelsea1 arsenal1 barcelona manchester
realmadrid juventus
administrator admin123 admin1234 admin12345 adminadmin administrator1 root1234 toor1234 user1234 guest123
test1234 test12345 testtest tester123 demo1234 default1 secret12 secret123 sandbox1 service1 support1
access14 access123 login123 letmein! passpass
indonesia indonesia1 indonesia123 indonesia45 merdeka45 merdeka1945 garuda123 jakarta1 jakarta123
bandung1 surabaya1 bismillah bismillah1 bismillah123 alhamdulillah subhanallah insyaallah assalamualaikum
sayangku sayang123 sayangkamu cintaku1 cinta123 cintaku123 akucintakamu rahasia1 rahasia123 katasandi
katasandi1 katasandi123 kata-sandi sandi123 sandiku123 password.123 pegawai1 pegawai123 asn12345
asn123456 pns12345 pns123456 kemenkop kemenkop1 kemenkopukm koperasi koperasi1 koperasi123 gelombang
gelombang1 gelombang123 beras123 sembako1 sembako123 doraemon naruto123 persib1933 persija1928
`
    .split(/\s+/)
    .filter((word) => word.length >= 8),
);
