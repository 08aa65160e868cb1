"""Thai names for demo and benchmark data (made up; any likeness is chance)."""

MALE_FIRST = (
    "สมชาย", "สมศักดิ์", "ประเสริฐ", "วิชัย", "สุรชัย", "ธนากร", "กิตติพงษ์", "ณัฐวุฒิ", "อนุชา", "พงศกร",
    "ชัยวัฒน์", "วีระพงษ์", "ศุภชัย", "ธีรวัฒน์", "สุทธิพงษ์", "อภิชาติ", "เกียรติศักดิ์", "ภานุวัฒน์",
    "จักรพันธ์", "นพดล", "ปิยะพงษ์", "รัฐพล", "วรวุฒิ", "สิทธิชัย", "ทวีศักดิ์", "บุญเลิศ", "ยุทธนา", "เอกชัย",
)  # fmt: skip
FEMALE_FIRST = (
    "สมหญิง", "สุภาพร", "วิไลวรรณ", "กาญจนา", "นภัสสร", "พรทิพย์", "ศิริพร", "อรุณี", "จิราพร", "ปวีณา",
    "ธิดารัตน์", "มาลัย", "รัตนา", "สุนิสา", "อัญชลี", "เบญจวรรณ", "ชนิดา", "ดวงใจ", "ณัฐธิดา", "ปิยนุช",
    "พิมพ์ชนก", "วรรณภา", "สายสุนีย์", "อุไรวรรณ", "กมลชนก", "จันทร์เพ็ญ", "นิตยา", "ยุพิน",
)  # fmt: skip
LAST = (
    "ใจดี", "รักชาติ", "สุขสวัสดิ์", "ศรีสุข", "วงศ์สวัสดิ์", "บุญมา", "ทองดี", "แก้วมณี", "จันทร์หอม",
    "พันธ์ุดี", "มั่นคง", "เจริญสุข", "สมบูรณ์ชัย", "ศักดิ์สิทธิ์", "อินทร์แก้ว", "ประเสริฐวงศ์", "ชัยมงคล",
    "นาคสวัสดิ์", "ธรรมรักษ์", "สุวรรณรัตน์", "ปัญญาดี", "บริสุทธิ์", "ซื่อตรง", "มีสัตย์", "ยุติธรรม",
    "รุ่งเรือง", "ศรีประเสริฐ", "พึ่งบุญ", "คงมั่น", "เพชรรัตน์", "กิตติวงศ์", "อุดมสุข",
)  # fmt: skip
MALE_FIRST_EN = (
    "Somchai", "Somsak", "Prasert", "Wichai", "Surachai", "Thanakorn", "Kittipong", "Nattawut", "Anucha",
    "Pongsakorn", "Chaiwat", "Weerapong", "Supachai", "Teerawat", "Sutthipong", "Apichat", "Kiattisak",
    "Panuwat", "Jakkapan", "Noppadon", "Piyapong", "Rattapon", "Worawut", "Sitthichai", "Taweesak",
    "Boonlert", "Yutthana", "Ekachai",
)  # fmt: skip
FEMALE_FIRST_EN = (
    "Somying", "Supaporn", "Wilaiwan", "Kanjana", "Napatsorn", "Pornthip", "Siriporn", "Arunee", "Jiraporn",
    "Paweena", "Thidarat", "Malai", "Rattana", "Sunisa", "Anchalee", "Benjawan", "Chanida", "Duangjai",
    "Nattida", "Piyanuch", "Pimchanok", "Wannapa", "Saisunee", "Uraiwan", "Kamonchanok", "Janpen", "Nittaya",
    "Yupin",
)  # fmt: skip
LAST_EN = (
    "Jaidee", "Rakchat", "Suksawat", "Srisuk", "Wongsawat", "Boonma", "Thongdee", "Kaewmanee", "Chanhom",
    "Phandee", "Mankong", "Charoensuk", "Somboonchai", "Saksit", "Inkaew", "Prasertwong", "Chaimongkol",
    "Naksawat", "Thammarak", "Suwannarat", "Panyadee", "Borisut", "Suetrong", "Meesat", "Yuttitham",
    "Rungrueang", "Sriprasert", "Phuengboon", "Khongman", "Phetcharat", "Kittiwong", "Udomsuk",
)  # fmt: skip

POSITIONS = {
    "knowledge": (
        "นักวิชาการแรงงาน", "นักทรัพยากรบุคคล", "นิติกร", "นักวิชาการคอมพิวเตอร์", "นักวิชาการเงินและบัญชี",
        "นักจัดการงานทั่วไป", "นักวิเคราะห์นโยบายและแผน", "นักวิชาการตรวจสอบภายใน",
    ),
    "general": ("เจ้าพนักงานธุรการ", "เจ้าพนักงานการเงินและบัญชี", "เจ้าพนักงานพัสดุ", "เจ้าพนักงานประกันสังคม"),
    "managerial": ("ผู้อำนวยการกอง", "ประกันสังคมจังหวัด", "ผู้อำนวยการสำนัก"),
    "executive": ("เลขาธิการ", "รองเลขาธิการ", "ผู้ตรวจราชการกรม"),
}  # fmt: skip
