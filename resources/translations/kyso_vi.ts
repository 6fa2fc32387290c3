<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="31"/>
        <source>unknown</source>
        <translation>không rõ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="29"/>
        <source>not an installed build (run from the source code)</source>
        <translation>không phải bản cài đặt (chạy từ mã nguồn)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="15"/>
        <source>About Kyso</source>
        <translation>Giới thiệu Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="41"/>
        <source>loaded</source>
        <translation>đã nạp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="43"/>
        <source>error: %1</source>
        <translation>lỗi: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="52"/>
        <source>Version</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="53"/>
        <source>Build date</source>
        <translation>Ngày đóng gói</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="55"/>
        <source>Administrative units data</source>
        <translation>Dữ liệu đơn vị hành chính</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="58"/>
        <source>User settings</source>
        <translation>Thiết lập người dùng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="59"/>
        <source>Machine settings (IT)</source>
        <translation>Thiết lập của máy (CNTT)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="60"/>
        <source>Locked by IT</source>
        <translation>CNTT đã khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="61"/>
        <source>Log file</source>
        <translation>Tệp nhật ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="64"/>
        <source>Public-service digital signatures</source>
        <translation>Chữ ký số chuyên dùng công vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="65"/>
        <source>PKCS#11 modules</source>
        <translation>Mô-đun PKCS#11</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="71"/>
        <source>Remote signing account</source>
        <translation>Tài khoản ký số từ xa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="75"/>
        <source>A certificate kept by a signing service (Ban Cơ yếu&apos;s RSSP, VNPT SmartCA, Viettel MySign): Kyso signs with it like with a token and you approve on your phone or with a PIN/OTP.</source>
        <translation>Chứng thư số lưu tại dịch vụ ký số từ xa (RSSP của Ban Cơ yếu, VNPT SmartCA, Viettel MySign): Kyso ký bằng chứng thư này như với token, bạn xác nhận trên điện thoại hoặc bằng mã PIN/OTP.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="81"/>
        <source>e.g. bcy-giamdoc (letters without accents)</source>
        <translation>ví dụ bcy-giamdoc (chữ không dấu)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="90"/>
        <source>%1 — %2 (set by IT)</source>
        <translation>%1 — %2 (CNTT đặt)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="101"/>
        <source>User name and password</source>
        <translation>Tên đăng nhập và mật khẩu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="102"/>
        <source>OAuth2 (user name and password)</source>
        <translation>OAuth2 (tên đăng nhập và mật khẩu)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="112"/>
        <source>leave empty to log in later</source>
        <translation>để trống nếu đăng nhập sau</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="115"/>
        <source>Account name:</source>
        <translation>Tên tài khoản:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="116"/>
        <source>Service:</source>
        <translation>Dịch vụ:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="117"/>
        <source>Service address:</source>
        <translation>Địa chỉ dịch vụ:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="118"/>
        <source>Log in with:</source>
        <translation>Cách đăng nhập:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="119"/>
        <source>User:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="120"/>
        <source>Client ID:</source>
        <translation>Mã ứng dụng (client ID):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="121"/>
        <source>Profile ID:</source>
        <translation>Mã hồ sơ (profile ID):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="122"/>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="214"/>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="128"/>
        <source>Save and log in</source>
        <translation>Lưu và đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="131"/>
        <source>Remove account</source>
        <translation>Xóa tài khoản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="133"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="154"/>
        <source>Another CSC service (enter its address)</source>
        <translation>Dịch vụ CSC khác (nhập địa chỉ)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="155"/>
        <source>Ban Cơ yếu&apos;s remote signing (RSSP, enter its address)</source>
        <translation>Ký số từ xa của Ban Cơ yếu (RSSP, nhập địa chỉ)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="156"/>
        <source>VNPT SmartCA (enter its address)</source>
        <translation>VNPT SmartCA (nhập địa chỉ)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="157"/>
        <source>Viettel MySign (enter its address)</source>
        <translation>Viettel MySign (nhập địa chỉ)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="177"/>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="213"/>
        <source>Client secret:</source>
        <translation>Mã bí mật tích hợp (client secret):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="273"/>
        <source>Logging in to %1…</source>
        <translation>Đang đăng nhập %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="282"/>
        <source>Logged in: %1 certificate(s).</source>
        <translation>Đã đăng nhập: %1 chứng thư.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="289"/>
        <source>This computer has no keyring: the session lasts until Kyso closes; Kyso asks for the password again next time.</source>
        <translation>Máy này không có kho khóa của hệ điều hành: phiên đăng nhập chỉ giữ đến khi đóng Kyso; lần sau Kyso hỏi lại mật khẩu.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/account_dialog.py" line="302"/>
        <source>Could not log in; try again.</source>
        <translation>Không đăng nhập được; hãy thử lại.</translation>
    </message>
</context>
<context>
    <name>BridgeTray</name>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="109"/>
        <source>Kyso is listening for signing requests from web pages (127.0.0.1:%1)</source>
        <translation>Kyso đang nhận yêu cầu ký từ trang web (127.0.0.1:%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="114"/>
        <source>Cancel: %1</source>
        <translation>Hủy: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="126"/>
        <source>Downloading %1/%2 for %3…</source>
        <translation>Đang tải về %1/%2 cho %3…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="128"/>
        <source>Uploading %1/%2 to %3…</source>
        <translation>Đang tải lên %1/%2 cho %3…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="130"/>
        <source>Waiting for the signing window: %3</source>
        <translation>Đang chờ đến lượt cửa sổ ký: %3</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="132"/>
        <source>Signing for %3…</source>
        <translation>Đang ký cho %3…</translation>
    </message>
</context>
<context>
    <name>CertificateChecksMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="55"/>
        <source>Checking certificates…</source>
        <translation>Đang kiểm tra chứng thư…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="55"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="101"/>
        <source>Checking: %1</source>
        <translation>Đang kiểm tra: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="126"/>
        <source>Checked %1 certificates: %2 failed, %3 with warnings.</source>
        <translation>Đã kiểm tra %1 chứng thư: %2 không đạt, %3 cần lưu ý.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="146"/>
        <source>Export check results</source>
        <translation>Xuất kết quả kiểm tra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="147"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Sổ tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="147"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/checks.py" line="159"/>
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="126"/>
        <source>Edit certificate</source>
        <translation>Sửa chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="126"/>
        <source>Add a SIM PKI or RSSP certificate</source>
        <translation>Thêm chứng thư SIM PKI hoặc RSSP</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="131"/>
        <source>Holder&apos;s name or the subject</source>
        <translation>Tên người/tổ chức sở hữu hoặc chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="138"/>
        <source>Person</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="139"/>
        <source>Organization</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="142"/>
        <source>(no unit)</source>
        <translation>(chưa gắn đơn vị)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="146"/>
        <source>Issued or changed to the new (two-tier) structure</source>
        <translation>Đã cấp mới hoặc đã điều chỉnh thông tin theo cơ cấu tổ chức mới (hai cấp)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="149"/>
        <source>Validity known</source>
        <translation>Biết thời hạn hiệu lực</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="161"/>
        <source>Subject</source>
        <translation>Chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="162"/>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="163"/>
        <source>Holder</source>
        <translation>Loại chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="164"/>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="167"/>
        <source>Valid from</source>
        <translation>Hiệu lực từ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="168"/>
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="169"/>
        <source>Certificate serial</source>
        <translation>Số hiệu chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="170"/>
        <source>Device serial</source>
        <translation>Số sê-ri thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="171"/>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="144"/>
        <source>A web page asks Kyso to sign</source>
        <translation>Một trang web đề nghị Kyso ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="155"/>
        <source>&lt;b&gt;%1&lt;/b&gt; asks you to sign:</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; đề nghị bạn ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="180"/>
        <source>Click to place the signature, drag to draw its box; drag the box to move it, its corners to resize it; arrow keys nudge it (Shift: 10 points)</source>
        <translation>Bấm để đặt chữ ký, kéo để vẽ khung; kéo khung để di chuyển, kéo các góc để đổi cỡ; phím mũi tên dịch từng điểm (Shift: 10 điểm)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="188"/>
        <source>Default place</source>
        <translation>Vị trí mặc định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="192"/>
        <source>Page:</source>
        <translation>Trang:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="194"/>
        <source>of %1</source>
        <translation>trên %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="209"/>
        <source>Document:</source>
        <translation>Văn bản:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="212"/>
        <source>%1 file(s), %2, first file %3 page(s)</source>
        <translation>%1 tệp, %2, tệp đầu %3 trang</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="218"/>
        <source>Size:</source>
        <translation>Dung lượng:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="222"/>
        <source>Signature:</source>
        <translation>Kiểu chữ ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="226"/>
        <source>Number:</source>
        <translation>Số, ký hiệu:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="231"/>
        <source>Certificate:</source>
        <translation>Chứng thư ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="245"/>
        <source>Sign only if you opened this page yourself and the document is the one you expect. The PIN is asked next.</source>
        <translation>Chỉ ký khi chính bạn mở trang này và đúng là văn bản bạn định ký. Bước sau Kyso hỏi mã PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="250"/>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="430"/>
        <source>Sign</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="253"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="259"/>
        <source>No certificate can sign: insert the token and try again.</source>
        <translation>Không có chứng thư nào ký được: cắm token rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="284"/>
        <source>Emergency signature (item 4, letter 393/BCY-CTSBMTT)</source>
        <translation>Ký khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="293"/>
        <source>Several organization certificates on the new model allow it. Sign on the strength of:</source>
        <translation>Có nhiều chứng thư tổ chức theo mô hình mới cho phép việc này. Ký dựa trên chứng thư của:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="314"/>
        <source>The reason is written into the signature and into Kyso&apos;s audit log. Give a short reason for the urgency:</source>
        <translation>Lý do được ghi vào chữ ký và vào nhật ký kiểm tra của Kyso. Nêu ngắn gọn lý do khẩn cấp:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="322"/>
        <source>e.g. urgent flood-prevention order</source>
        <translation>ví dụ: lệnh phòng chống lũ khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="347"/>
        <source>Checking the certificate…</source>
        <translation>Đang kiểm tra chứng thư…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="379"/>
        <source>valid until %1</source>
        <translation>hiệu lực đến %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="381"/>
        <source>best match</source>
        <translation>khớp nhất</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="407"/>
        <source>This personal certificate is not on the two-tier model yet. Its organization “%1” already has a certificate on the new model, so it may sign only in an emergency, under this rule:</source>
        <translation>Chứng thư cá nhân này chưa thay đổi thông tin theo mô hình chính quyền hai cấp. Cơ quan “%1” đã có chứng thư theo mô hình mới, nên chứng thư này chỉ được dùng để ký trong trường hợp khẩn cấp, theo quy định sau:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="412"/>
        <source>Allowed by: %1</source>
        <translation>Cho phép bởi: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="429"/>
        <source>Sign in an emergency</source>
        <translation>Ký khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="464"/>
        <source>Invisible signature: no place on the page</source>
        <translation>Chữ ký không hiển thị: không đặt trên trang</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="466"/>
        <source>The profile&apos;s default place</source>
        <translation>Vị trí mặc định của kiểu ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/consent.py" line="472"/>
        <source>Page %1, box %2 (points)</source>
        <translation>Trang %1, khung %2 (điểm)</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/demo_banner.py" line="45"/>
        <source>Hide this note until Kyso starts again</source>
        <translation>Ẩn ghi chú này đến lần mở Kyso sau</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/demo_banner.py" line="44"/>
        <source>Hide</source>
        <translation>Ẩn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/demo_banner.py" line="48"/>
        <source>&lt;b&gt;DEMO token&lt;/b&gt; (PIN %1): practice only, its signatures are trusted by Kyso&apos;s DEMO alone. &lt;b&gt;Vũ Thị Hà&lt;/b&gt; (Hưng Yên, on the new two-tier model) signs the normal way. &lt;b&gt;Trần Thị Bình&lt;/b&gt; (still under Thái Bình: her information must change, Form 04) may sign only through the emergency rule (item 4, Official Letter 393/BCY-CTSBMTT), which asks for a reason and records it. &lt;b&gt;Nguyễn Văn An&lt;/b&gt;&apos;s district body was abolished: he is refused. The organization certificate (Sở KH&amp;amp;CN Hưng Yên) issues with the seal.</source>
        <translation>&lt;b&gt;Token DEMO&lt;/b&gt; (PIN %1): chỉ để tập dùng, chữ ký của nó chỉ được bản DEMO của Kyso tin cậy. &lt;b&gt;Vũ Thị Hà&lt;/b&gt; (Hưng Yên, đã theo mô hình hai cấp mới) ký bình thường. &lt;b&gt;Trần Thị Bình&lt;/b&gt; (vẫn thuộc Thái Bình: cần thay đổi thông tin, Mẫu 04) chỉ được ký theo trường hợp khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT), phải nêu lý do và được ghi lại. Đơn vị cấp huyện của &lt;b&gt;Nguyễn Văn An&lt;/b&gt; đã giải thể: bị từ chối. Chứng thư của cơ quan (Sở KH&amp;amp;CN Hưng Yên) dùng để phát hành, đóng dấu.</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="85"/>
        <location filename="../../desktop/kyso/ui/details.py" line="108"/>
        <source>Label</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="86"/>
        <source>Manufacturer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="87"/>
        <source>Model</source>
        <translation>Kiểu thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="88"/>
        <source>Serial number</source>
        <translation>Số sê-ri</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="89"/>
        <source>PIN state</source>
        <translation>Trạng thái mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="91"/>
        <source>PIN entry</source>
        <translation>Nhập mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="92"/>
        <source>On the reader&apos;s keypad</source>
        <translation>Trên bàn phím của đầu đọc</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="92"/>
        <source>In Kyso</source>
        <translation>Trong Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="94"/>
        <source>Certificates</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="95"/>
        <source>CA certificates</source>
        <translation>Chứng thư CA</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="96"/>
        <source>PKCS#11 module</source>
        <translation>Mô-đun PKCS#11</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="99"/>
        <location filename="../../desktop/kyso/ui/details.py" line="110"/>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="100"/>
        <source>Token “%1”</source>
        <translation>Token “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="106"/>
        <source>Unreadable certificate</source>
        <translation>Chứng thư không đọc được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="109"/>
        <source>Key ID</source>
        <translation>Mã khóa (Key ID)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="112"/>
        <source>What to do</source>
        <translation>Cần làm gì</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="114"/>
        <source>The token holds a certificate object Kyso cannot parse. Ask the issuing CA to check the token.</source>
        <translation>Token chứa một đối tượng chứng thư mà Kyso không đọc được. Đề nghị đơn vị cấp chứng thư kiểm tra lại token.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="128"/>
        <source>expired %1 days ago</source>
        <translation>đã hết hạn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="130"/>
        <source>%1 days left</source>
        <translation>còn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="132"/>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="133"/>
        <location filename="../../desktop/kyso/ui/details.py" line="148"/>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="134"/>
        <source>Unknown until login</source>
        <translation>Chưa biết (cần đăng nhập)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="140"/>
        <source>Issuer</source>
        <translation>Đơn vị cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="141"/>
        <source>Valid from</source>
        <translation>Hiệu lực từ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="142"/>
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="143"/>
        <source>Serial</source>
        <translation>Số hiệu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="144"/>
        <source>Key usage</source>
        <translation>Mục đích sử dụng khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="144"/>
        <source>(not restricted)</source>
        <translation>(không giới hạn)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="145"/>
        <source>Private key on token</source>
        <translation>Khóa bí mật trên token</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="147"/>
        <source>CA certificate</source>
        <translation>Chứng thư CA</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="148"/>
        <source>Yes (not for signing)</source>
        <translation>Có (không dùng để ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="150"/>
        <source>SHA-256 fingerprint</source>
        <translation>Dấu vân tay SHA-256</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="151"/>
        <source>Key ID (CKA_ID)</source>
        <translation>Mã khóa (CKA_ID)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="154"/>
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="158"/>
        <location filename="../../desktop/kyso/ui/details.py" line="167"/>
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="158"/>
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="163"/>
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="164"/>
        <source>Warning</source>
        <translation>Cần lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="165"/>
        <source>Failed</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="169"/>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="172"/>
        <source>Not revoked</source>
        <translation>Chưa bị thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="173"/>
        <source>Revoked</source>
        <translation>Đã bị thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="174"/>
        <source>Not checked</source>
        <translation>Chưa kiểm tra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="180"/>
        <source>cached data</source>
        <translation>dữ liệu lưu đệm</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="181"/>
        <source>CRL file loaded on this computer</source>
        <translation>tệp CRL nạp vào máy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="186"/>
        <source>Revocation</source>
        <translation>Thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="188"/>
        <source>Certificate chain</source>
        <translation>Chuỗi chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="188"/>
        <source>(not built)</source>
        <translation>(chưa dựng được)</translation>
    </message>
</context>
<context>
    <name>DeviceModel</name>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="52"/>
        <source>Device / certificate</source>
        <translation>Thiết bị / chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="53"/>
        <source>Status / trust</source>
        <translation>Trạng thái / tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="54"/>
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="55"/>
        <source>Expires</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="103"/>
        <source>Loaded</source>
        <translation>Đã nạp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="105"/>
        <source>Failed to load</source>
        <translation>Không nạp được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="67"/>
        <location filename="../../desktop/kyso/ui/device_model.py" line="166"/>
        <source>CA certificates (not for signing)</source>
        <translation>Chứng thư CA (không dùng để ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="148"/>
        <source>Also seen through: %1</source>
        <translation>Cũng thấy qua: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="245"/>
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="246"/>
        <source>Warning</source>
        <translation>Cần lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="247"/>
        <source>Failed</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="252"/>
        <source>New model</source>
        <translation>Mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="253"/>
        <source>Needs change</source>
        <translation>Cần thay đổi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="254"/>
        <source>Unit abolished</source>
        <translation>Đơn vị đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="255"/>
        <source>Unknown</source>
        <translation>Chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="266"/>
        <source>Unreadable certificate “%1”</source>
        <translation>Chứng thư không đọc được “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="296"/>
        <source>Remote signing</source>
        <translation>Ký số từ xa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="305"/>
        <source>(set by IT)</source>
        <translation>(CNTT đặt)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="313"/>
        <source>Reading…</source>
        <translation>Đang đọc…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="315"/>
        <source>Log in needed</source>
        <translation>Cần đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="316"/>
        <source>Not reachable</source>
        <translation>Không kết nối được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="321"/>
        <source>Logged in</source>
        <translation>Đã đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="354"/>
        <source>PIN locked</source>
        <translation>PIN bị khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="356"/>
        <source>PIN: final try</source>
        <translation>PIN: lần thử cuối</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="358"/>
        <source>PIN: wrong tries</source>
        <translation>PIN: đã nhập sai</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="359"/>
        <source>PIN OK</source>
        <translation>PIN bình thường</translation>
    </message>
</context>
<context>
    <name>EmergencyDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="43"/>
        <source>Emergency signature (item 4, letter 393/BCY-CTSBMTT)</source>
        <translation>Ký khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="165"/>
        <source>Allowed by: %1</source>
        <translation>Cho phép bởi: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="171"/>
        <source>This personal certificate is not on the two-tier model yet. Its organization “%1” already has a certificate on the new model, so it may sign only in an emergency, under this rule:</source>
        <translation>Chứng thư cá nhân này chưa thay đổi thông tin theo mô hình chính quyền hai cấp. Cơ quan “%1” đã có chứng thư theo mô hình mới, nên chứng thư này chỉ được dùng để ký trong trường hợp khẩn cấp, theo quy định sau:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="115"/>
        <source>The reason is written into the signature and into Kyso&apos;s audit log. Give a short reason for the urgency:</source>
        <translation>Lý do được ghi vào chữ ký và vào nhật ký kiểm tra của Kyso. Nêu ngắn gọn lý do khẩn cấp:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="54"/>
        <source>Several organization certificates on the new model allow it. Sign on the strength of:</source>
        <translation>Có nhiều chứng thư tổ chức theo mô hình mới cho phép việc này. Ký dựa trên chứng thư của:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="71"/>
        <source>valid until %1</source>
        <translation>hiệu lực đến %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="153"/>
        <source>on an inserted token</source>
        <translation>trong token đang cắm</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="155"/>
        <source>in the remote signing account</source>
        <translation>trong tài khoản ký số từ xa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="156"/>
        <source>in the inventory</source>
        <translation>trong sổ quản lý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="75"/>
        <source>best match</source>
        <translation>khớp nhất</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="124"/>
        <source>e.g. urgent flood-prevention order</source>
        <translation>ví dụ: lệnh phòng chống lũ khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="130"/>
        <source>Sign in an emergency</source>
        <translation>Ký khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/emergency.py" line="132"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/empty_state.py" line="43"/>
        <source>No signing token found</source>
        <translation>Chưa thấy token ký số nào</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/empty_state.py" line="47"/>
        <source>Insert your USB token (VGCA Bit4id or SafeNet, or another CA&apos;s token). It appears here within a second.</source>
        <translation>Hãy cắm token USB (Bit4id hoặc SafeNet của Ban Cơ yếu, hoặc token của CA khác). Token sẽ hiện ở đây trong vòng một giây.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/empty_state.py" line="51"/>
        <source>Kyso looks for these drivers in their usual places:</source>
        <translation>Kyso tìm các trình điều khiển (driver) sau ở vị trí cài đặt thông thường:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/empty_state.py" line="56"/>
        <source>If your token&apos;s driver is installed elsewhere, add its PKCS#11 module path to the setting “pkcs11_modules” or to the environment variable KYSO_PKCS11_MODULES.</source>
        <translation>Nếu driver của token cài ở nơi khác, thêm đường dẫn mô-đun PKCS#11 vào thiết lập “pkcs11_modules” hoặc biến môi trường KYSO_PKCS11_MODULES.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/widgets/empty_state.py" line="60"/>
        <source>Try the DEMO token</source>
        <translation>Dùng thử token DEMO</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="275"/>
        <source>Export Phụ lục I</source>
        <translation>Xuất Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="280"/>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="281"/>
        <source>Quarter</source>
        <translation>Quý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="299"/>
        <source>Period</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="302"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="307"/>
        <source>Excel file (.xlsx)</source>
        <translation>Tệp Excel (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="308"/>
        <source>Also write a CSV file next to it</source>
        <translation>Ghi thêm tệp CSV cùng thư mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="312"/>
        <source>The table alone, as data for other programs and spreadsheets (one header row, one row per unit, no heading). The report to send is the XLSX file.</source>
        <translation>Chỉ bảng số liệu, cho chương trình khác và bảng tính (một dòng tiêu đề cột, mỗi đơn vị một dòng, không có phần đầu báo cáo). Báo cáo gửi đi là tệp XLSX.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="316"/>
        <source>Replace files that already exist</source>
        <translation>Ghi đè tệp đã có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="340"/>
        <source>Save Phụ lục I</source>
        <translation>Lưu Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="340"/>
        <source>Excel files (*.xlsx)</source>
        <translation>Tệp Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>GuiBridgeApp</name>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/gui_app.py" line="133"/>
        <source>A web page asks to use Kyso</source>
        <translation>Một trang web muốn dùng Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/gui_app.py" line="135"/>
        <source>Allow %1 to use Kyso for signing?</source>
        <translation>Cho phép %1 dùng Kyso để ký?</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/gui_app.py" line="137"/>
        <source>Kyso will still show every document and ask before each signature.</source>
        <translation>Kyso vẫn hiển thị từng văn bản và hỏi trước mỗi lần ký.</translation>
    </message>
</context>
<context>
    <name>GuiRemotePrompter</name>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="137"/>
        <source>Remote signing</source>
        <translation>Ký số từ xa</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/guide_dialog.py" line="41"/>
        <source>Kyso user guide</source>
        <translation>Hướng dẫn sử dụng Kyso</translation>
    </message>
</context>
<context>
    <name>ImportProblemsDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="234"/>
        <source>Problems found before importing</source>
        <translation>Phát hiện lỗi trước khi nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="237"/>
        <source>%1 problem(s) found. The other %2 row(s) or certificate(s) are fine.</source>
        <translation>Có %1 lỗi. %2 dòng/chứng thư còn lại hợp lệ.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="250"/>
        <source>Import the good rows</source>
        <translation>Nhập các dòng hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="255"/>
        <source>Import nothing</source>
        <translation>Không nhập gì</translation>
    </message>
</context>
<context>
    <name>InventoryCertificatesMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="37"/>
        <source>This certificate cannot be read, so it cannot be added to the inventory.</source>
        <translation>Chứng thư này không đọc được nên không thêm vào danh mục được.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="56"/>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="124"/>
        <source>The unit tree is empty; add the units on the Inventory page first.</source>
        <translation>Cây đơn vị còn trống; hãy thêm đơn vị trong trang Danh mục chứng thư trước.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="62"/>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="130"/>
        <source>Which unit does this certificate belong to?</source>
        <translation>Chứng thư này thuộc đơn vị nào?</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="97"/>
        <source>Added to the inventory: %1</source>
        <translation>Đã thêm vào kiểm kê: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="98"/>
        <source>Updated in the inventory: %1</source>
        <translation>Đã cập nhật trong kiểm kê: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/certificates.py" line="169"/>
        <source>Remote signing account “%1”: %2 certificate(s) added, %3 updated.</source>
        <translation>Tài khoản ký số từ xa “%1”: đã thêm %2 chứng thư, cập nhật %3.</translation>
    </message>
</context>
<context>
    <name>InventoryDevicesMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/devices.py" line="20"/>
        <source>No longer needed</source>
        <translation>Không còn nhu cầu sử dụng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/devices.py" line="56"/>
        <source>Body abolished (two-tier reform)</source>
        <translation>Cơ quan đã giải thể (chính quyền hai cấp)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/devices.py" line="58"/>
        <source>%1 device(s) added to the list.</source>
        <translation>Đã thêm %1 thiết bị vào danh sách.</translation>
    </message>
</context>
<context>
    <name>InventoryImportsMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="30"/>
        <source>Import a CSV list of certificates</source>
        <translation>Nhập danh sách chứng thư (CSV)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="31"/>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Tệp CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="79"/>
        <source>Select the certificates&apos; unit in the unit tree first.</source>
        <translation>Hãy chọn đơn vị của các chứng thư trong cây đơn vị trước.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="83"/>
        <source>Import certificate files</source>
        <translation>Nhập tệp chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="84"/>
        <source>Certificates (*.cer *.crt *.pem *.der *.p7b);;All files (*)</source>
        <translation>Chứng thư (*.cer *.crt *.pem *.der *.p7b);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="134"/>
        <source>Imported: %1 added, %2 updated.</source>
        <translation>Đã nhập: thêm %1, cập nhật %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="137"/>
        <source>%1 bad row(s) were not imported.</source>
        <translation>%1 dòng lỗi không được nhập.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/imports.py" line="140"/>
        <source>Nothing was imported.</source>
        <translation>Không nhập gì.</translation>
    </message>
</context>
<context>
    <name>InventoryLayoutMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="46"/>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="59"/>
        <source>Import certificate files…</source>
        <translation>Nhập tệp chứng thư…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="62"/>
        <source>Import CSV…</source>
        <translation>Nhập danh sách CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="65"/>
        <source>Export Phụ lục I…</source>
        <translation>Xuất Phụ lục I…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="68"/>
        <source>Merge reports…</source>
        <translation>Gộp báo cáo…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="84"/>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="187"/>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="84"/>
        <source>Staff (CBCCVC)</source>
        <translation>Số CBCCVC</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="95"/>
        <source>Add unit…</source>
        <translation>Thêm đơn vị…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="98"/>
        <source>Edit unit…</source>
        <translation>Sửa đơn vị…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="101"/>
        <source>Remove unit</source>
        <translation>Xóa đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="107"/>
        <source>Add new token certificates to this unit</source>
        <translation>Đưa chứng thư của các token tiếp theo vào đơn vị này</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="119"/>
        <source>Certificates</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="120"/>
        <source>Coverage</source>
        <translation>Mức độ bao phủ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="121"/>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="188"/>
        <source>Devices to return</source>
        <translation>Thiết bị cần trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="122"/>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="259"/>
        <source>Reporting unit</source>
        <translation>Đơn vị báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="138"/>
        <source>Include sub-units</source>
        <translation>Gồm cả đơn vị trực thuộc</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="145"/>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="222"/>
        <source>Subject</source>
        <translation>Chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="145"/>
        <source>Holder</source>
        <translation>Loại chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="145"/>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="222"/>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="145"/>
        <source>New model</source>
        <translation>Mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="146"/>
        <source>Two-tier check</source>
        <translation>Kiểm tra hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="146"/>
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="146"/>
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="147"/>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="147"/>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="222"/>
        <source>Device serial</source>
        <translation>Sê-ri thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="158"/>
        <source>Add SIM PKI / RSSP…</source>
        <translation>Thêm SIM PKI / RSSP…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="161"/>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="164"/>
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="167"/>
        <source>Device to return</source>
        <translation>Cần trả thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="170"/>
        <source>The certificate is no longer needed: list its device to be returned to Cục Chứng thực số và Bảo mật thông tin (Công văn 393, item 6).</source>
        <translation>Chứng thư không còn nhu cầu sử dụng: đưa thiết bị vào danh sách cần trả về Cục Chứng thực số và Bảo mật thông tin (Công văn 393, mục 6).</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="187"/>
        <source>No.</source>
        <translation>STT</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="187"/>
        <source>Staff</source>
        <translation>CBCCVC</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="187"/>
        <source>On the new model</source>
        <translation>Đã theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="188"/>
        <source>Needing change</source>
        <translation>Cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="188"/>
        <source>Missing</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="189"/>
        <source>Ready</source>
        <translation>Tỷ lệ đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="199"/>
        <source>Certificates per unit</source>
        <translation>Chứng thư theo đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="214"/>
        <source>Devices whose certificates are no longer needed (for example those of abolished district-level bodies) must be returned to Cục Chứng thực số và Bảo mật thông tin.</source>
        <translation>Thiết bị có chứng thư không còn nhu cầu sử dụng (ví dụ của các cơ quan cấp huyện đã giải thể) phải nộp trả về Cục Chứng thực số và Bảo mật thông tin.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="222"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="223"/>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="223"/>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="232"/>
        <source>Mark returned</source>
        <translation>Đánh dấu đã trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="235"/>
        <source>Take off the list</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="237"/>
        <source>List abolished bodies&apos; certificates</source>
        <translation>Liệt kê chứng thư của cơ quan đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="249"/>
        <source>Reporting unit and focal person</source>
        <translation>Đơn vị báo cáo và cán bộ đầu mối</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="253"/>
        <source>e.g. Sở Y tế, UBND phường Ba Đình</source>
        <translation>ví dụ: Sở Y tế, UBND phường Ba Đình</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="260"/>
        <source>Focal person</source>
        <translation>Cán bộ đầu mối</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="261"/>
        <source>Position</source>
        <translation>Chức vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="262"/>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="263"/>
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="267"/>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/layout.py" line="273"/>
        <source>Công văn 4414/UBND-ĐMPT: each unit names one focal person for all certificate requests and reports monthly and quarterly with the template of Phụ lục I.</source>
        <translation>Công văn 4414/UBND-ĐMPT: mỗi đơn vị cử một cán bộ đầu mối cho mọi đề nghị về chứng thư số và báo cáo hằng tháng, hằng quý theo mẫu Phụ lục I.</translation>
    </message>
</context>
<context>
    <name>InventoryPage</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="177"/>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="125"/>
        <source>On the new model</source>
        <translation>Đã theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="121"/>
        <source>Organization</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="121"/>
        <source>Person</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="126"/>
        <source>Needs a change of information</source>
        <translation>Cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="127"/>
        <source>Unit abolished</source>
        <translation>Đơn vị đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="128"/>
        <source>Unknown</source>
        <translation>Chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="133"/>
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="133"/>
        <source>Warning</source>
        <translation>Cần lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="134"/>
        <source>Failed</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="138"/>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="138"/>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="138"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="139"/>
        <source>Entered by hand</source>
        <translation>Nhập tay</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="143"/>
        <source>Returned</source>
        <translation>Đã trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="143"/>
        <source>To return</source>
        <translation>Cần trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="171"/>
        <source>The rest of Kyso works as usual. To use the inventory: choose another file in Tools → Settings (“Inventory database file”), or move the damaged file to another folder so that Kyso starts a new, empty inventory; then click “Try again”.</source>
        <translation>Các phần khác của Kyso vẫn dùng bình thường. Để dùng danh mục chứng thư: chọn tệp khác trong Công cụ → Thiết lập (“Tệp cơ sở dữ liệu danh mục”), hoặc chuyển tệp bị hỏng sang thư mục khác để Kyso tạo danh mục mới, trống; rồi bấm “Thử lại”.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="249"/>
        <source>Inventory</source>
        <translation>Danh mục chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/page.py" line="268"/>
        <source>Working…</source>
        <translation>Đang xử lý…</translation>
    </message>
</context>
<context>
    <name>InventoryReportsMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/reports.py" line="57"/>
        <source>Report written: %1</source>
        <translation>Đã ghi báo cáo: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/reports.py" line="60"/>
        <source>%1 certificate(s) without a unit were not counted.</source>
        <translation>%1 chứng thư chưa gắn đơn vị không được tính.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/reports.py" line="90"/>
        <source>Merged %1 report(s) into %2</source>
        <translation>Đã gộp %1 báo cáo vào %2</translation>
    </message>
</context>
<context>
    <name>InventoryUnitsMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/units.py" line="22"/>
        <source>Add a unit</source>
        <translation>Thêm đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/units.py" line="22"/>
        <source>Add a group</source>
        <translation>Thêm nhóm</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/units.py" line="53"/>
        <source>Edit unit</source>
        <translation>Sửa đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/units.py" line="111"/>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
</context>
<context>
    <name>InventoryViewsMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="40"/>
        <source>(certificates without a unit)</source>
        <translation>(chứng thư chưa gắn đơn vị)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="93"/>
        <source>Staff must be a whole number (0 or more).</source>
        <translation>Số CBCCVC phải là số nguyên không âm.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="115"/>
        <source>Certificates without a unit are not counted in the report.</source>
        <translation>Chứng thư chưa gắn đơn vị không được tính trong báo cáo.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="129"/>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="129"/>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="179"/>
        <source>On the new model</source>
        <translation>Đã theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="180"/>
        <source>Needing change</source>
        <translation>Cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="181"/>
        <source>Missing</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="217"/>
        <source>Devices to return</source>
        <translation>Thiết bị cần trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="237"/>
        <source>Kyso asks for the unit when you add a token&apos;s certificate.</source>
        <translation>Kyso sẽ hỏi đơn vị khi bạn thêm chứng thư của token.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/views.py" line="246"/>
        <source>New token certificates go to: %1</source>
        <translation>Chứng thư của token mới thêm vào: %1</translation>
    </message>
</context>
<context>
    <name>LoadCrlAction</name>
    <message>
        <location filename="../../desktop/kyso/ui/crl_action.py" line="55"/>
        <source>Load a CRL from a file…</source>
        <translation>Nạp CRL từ tệp…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/crl_action.py" line="58"/>
        <source>Check revocation with certificate revocation lists (CRL) copied by hand, for computers without network access</source>
        <translation>Kiểm tra thu hồi bằng danh sách chứng thư bị thu hồi (CRL) chép tay, cho máy không kết nối mạng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/crl_action.py" line="66"/>
        <source>Load a CRL from a file</source>
        <translation>Nạp CRL từ tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/crl_action.py" line="68"/>
        <source>Certificate revocation lists (*.crl *.pem *.der);;All files (*)</source>
        <translation>Danh sách chứng thư bị thu hồi (*.crl *.pem *.der);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/crl_action.py" line="95"/>
        <source>Loaded %1 CRL file(s); the certificates are being checked again.</source>
        <translation>Đã nạp %1 tệp CRL; đang kiểm tra lại các chứng thư.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="324"/>
        <source>User guide</source>
        <translation>Hướng dẫn sử dụng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="300"/>
        <source>Kyso — public-service digital signatures</source>
        <translation>Kyso — chữ ký số chuyên dùng công vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="301"/>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="302"/>
        <source>Log in to check keys</source>
        <translation>Đăng nhập để kiểm tra khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="303"/>
        <source>Check all</source>
        <translation>Kiểm tra tất cả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="304"/>
        <source>Export check results…</source>
        <translation>Xuất kết quả kiểm tra…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="305"/>
        <source>Add to inventory</source>
        <translation>Thêm vào danh mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="306"/>
        <source>Remote signing accounts…</source>
        <translation>Tài khoản ký số từ xa…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="307"/>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="308"/>
        <source>Verify</source>
        <translation>Xác minh chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="309"/>
        <source>Sign</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="310"/>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="311"/>
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="313"/>
        <location filename="../../desktop/kyso/ui/main_window.py" line="408"/>
        <source>Inventory</source>
        <translation>Danh mục chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="314"/>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="315"/>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="316"/>
        <source>Settings…</source>
        <translation>Thiết lập…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="317"/>
        <source>Tools</source>
        <translation>Công cụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="318"/>
        <source>Download Ban Cơ yếu&apos;s root certificates</source>
        <translation>Tải chứng thư gốc của Ban Cơ yếu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="319"/>
        <source>About Kyso</source>
        <translation>Giới thiệu Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="328"/>
        <source>Looking for tokens…</source>
        <translation>Đang tìm token…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="486"/>
        <source>Token inserted: %1</source>
        <translation>Đã cắm token: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="494"/>
        <source>Token removed: %1</source>
        <translation>Đã rút token: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="499"/>
        <source>Token removed</source>
        <translation>Token đã bị rút</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="501"/>
        <source>Token “%1” was removed while Kyso was using it. The session was closed; insert the token again and repeat what you were doing.</source>
        <translation>Token “%1” đã bị rút ra khi Kyso đang dùng. Phiên làm việc đã đóng; hãy cắm lại token và thực hiện lại thao tác.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="611"/>
        <source>Token “%1” is already logged in: the PIN was not asked again.</source>
        <translation>Token “%1” đã đăng nhập trong Kyso: không hỏi lại mã PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="623"/>
        <source>Enter the PIN on the reader</source>
        <translation>Nhập mã PIN trên đầu đọc</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="624"/>
        <source>Type the PIN of token “%1” on the card reader&apos;s keypad.</source>
        <translation>Hãy nhập mã PIN của token “%1” trên bàn phím của đầu đọc thẻ.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="657"/>
        <source>Saved %1 root certificate(s) with a pinned fingerprint.</source>
        <translation>Đã lưu %1 chứng thư gốc đúng dấu vân tay đã ghim.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="739"/>
        <source>Logged in; private keys checked.</source>
        <translation>Đã đăng nhập; đã kiểm tra khóa bí mật.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="752"/>
        <source>Kyso</source>
        <translation>Kyso</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="366"/>
        <source>Merge Phụ lục I reports</source>
        <translation>Gộp báo cáo Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="368"/>
        <source>Reports of the units (.xlsx):</source>
        <translation>Báo cáo của các đơn vị (.xlsx):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="373"/>
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="375"/>
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="384"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="389"/>
        <source>Merged file (.xlsx)</source>
        <translation>Tệp tổng hợp (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="392"/>
        <source>e.g. Sở Khoa học và Công nghệ</source>
        <translation>ví dụ: Sở Khoa học và Công nghệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="393"/>
        <source>Reporting unit</source>
        <translation>Đơn vị báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="394"/>
        <source>Also write a CSV file next to it</source>
        <translation>Ghi thêm tệp CSV cùng thư mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="397"/>
        <source>The table alone, as data for other programs and spreadsheets (one header row, one row per unit, no heading). The report to send is the XLSX file.</source>
        <translation>Chỉ bảng số liệu, cho chương trình khác và bảng tính (một dòng tiêu đề cột, mỗi đơn vị một dòng, không có phần đầu báo cáo). Báo cáo gửi đi là tệp XLSX.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="401"/>
        <source>Replace files that already exist</source>
        <translation>Ghi đè tệp đã có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="421"/>
        <source>Choose Phụ lục I files</source>
        <translation>Chọn các tệp Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="422"/>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="430"/>
        <source>Excel files (*.xlsx)</source>
        <translation>Tệp Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="429"/>
        <source>Save the merged report</source>
        <translation>Lưu báo cáo tổng hợp</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="28"/>
        <source>Enter PIN</source>
        <translation>Nhập mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="40"/>
        <source>Token: %1 (serial %2)</source>
        <translation>Token: %1 (số sê-ri %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="54"/>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="56"/>
        <source>Remember this token&apos;s PIN in the system keyring</source>
        <translation>Ghi nhớ mã PIN của token này trong kho khóa của hệ thống</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="59"/>
        <source>Allowed by IT on this machine. Kyso then logs in without asking.</source>
        <translation>Bộ phận CNTT cho phép trên máy này. Lần sau Kyso đăng nhập không cần hỏi.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="66"/>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="67"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ReformPanel</name>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="300"/>
        <source>Field</source>
        <translation>Trường thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="301"/>
        <source>Current information</source>
        <translation>Thông tin hiện tại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="303"/>
        <source>Under the new model</source>
        <translation>Theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="306"/>
        <source>Copy proposed values</source>
        <translation>Sao chép thông tin đề nghị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="308"/>
        <source>Copy the new values as text for the change-request form (Form 04)</source>
        <translation>Sao chép thông tin mới dưới dạng văn bản để điền mẫu đề nghị thay đổi (Mẫu 04)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="339"/>
        <source>Unit you work in now (new structure):</source>
        <translation>Đơn vị đang công tác (theo mô hình mới):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="311"/>
        <source>Type to search, without accents is fine</source>
        <translation>Gõ để tìm, có thể gõ không dấu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="312"/>
        <source>Pick a unit…</source>
        <translation>Chọn đơn vị…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="335"/>
        <source>The name is several old communes: the new one (new structure):</source>
        <translation>Tên ghi ứng với nhiều xã/phường cũ, chọn đơn vị mới (mô hình mới):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="336"/>
        <source>The commune was split: the new one (new structure):</source>
        <translation>Xã/phường cũ đã được chia, chọn đơn vị mới (mô hình mới):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="338"/>
        <source>New parent: the commune&apos;s People&apos;s Committee (new structure):</source>
        <translation>Đơn vị chủ quản mới: UBND cấp xã (theo mô hình mới):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="427"/>
        <source>(pick the unit below)</source>
        <translation>(chọn đơn vị ở bên dưới)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="429"/>
        <source>(remove: the district level is gone)</source>
        <translation>(bỏ: cấp huyện không còn)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="431"/>
        <source>(department merged on 1 March 2025: check its new name)</source>
        <translation>(cơ quan đã hợp nhất từ 01/3/2025: kiểm tra tên mới với đơn vị)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="437"/>
        <source>→ change</source>
        <translation>→ đổi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="448"/>
        <source>Changes under the new model</source>
        <translation>Thay đổi theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="483"/>
        <source>File at the authorized focal point (Sở KHCN) of any of: %1</source>
        <translation>Nộp tại đầu mối được ủy quyền (Sở KHCN) của một trong các tỉnh: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="498"/>
        <source>%1, now %2</source>
        <translation>%1, nay là %2</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="503"/>
        <source>The certificate already matches the two-tier structure.</source>
        <translation>Chứng thư số đã phù hợp mô hình chính quyền địa phương hai cấp.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="504"/>
        <source>The certificate&apos;s information is out of date.</source>
        <translation>Thông tin trên chứng thư số chưa cập nhật theo mô hình mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="505"/>
        <source>The certificate names an abolished district-level body.</source>
        <translation>Chứng thư số ghi tên cơ quan cấp huyện đã kết thúc hoạt động.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="507"/>
        <source>Check with the unit: the certificate names a body the reform does not rename, or a department merged into another.</source>
        <translation>Cần kiểm tra với đơn vị: chứng thư số ghi tên cơ quan, tổ chức không đổi tên theo việc sắp xếp đơn vị hành chính, hoặc sở đã hợp nhất vào sở khác.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="510"/>
        <source>Kyso could not place this certificate in the new structure.</source>
        <translation>Kyso chưa xác định được chứng thư số này thuộc đơn vị nào trong mô hình mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="516"/>
        <source>Nothing to do.</source>
        <translation>Không cần làm gì thêm.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="519"/>
        <source>Check the subject by hand, or ask your unit&apos;s focal point for certificates.</source>
        <translation>Hãy kiểm tra thông tin chủ thể, hoặc hỏi đầu mối chứng thư số của đơn vị.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="523"/>
        <source>Request the revocation of this certificate (Form 05, Decree 68/2024) and return the key device to the Authentication and Information Security Department.</source>
        <translation>Đề nghị thu hồi chứng thư số này (Mẫu 05, Nghị định 68/2024/NĐ-CP) và nộp lại thiết bị lưu khóa bí mật cho Cục Chứng thực số và Bảo mật thông tin.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="528"/>
        <source>Request a change of information on this certificate (Form 04, Decree 68/2024) through dichvucong.ca.gov.vn — not a new certificate.</source>
        <translation>Đề nghị thay đổi nội dung thông tin của chứng thư số này (Mẫu 04, Nghị định 68/2024/NĐ-CP) qua dichvucong.ca.gov.vn — không đề nghị cấp chứng thư số mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="533"/>
        <source>First pick the new commune the old one&apos;s area went to.</source>
        <translation>Trước hết chọn xã/phường mới nhận địa bàn của xã/phường cũ.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="535"/>
        <source>First pick the unit the holder works in now.</source>
        <translation>Trước hết hãy chọn đơn vị người ký đang công tác.</translation>
    </message>
</context>
<context>
    <name>RemoteAccountsMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="129"/>
        <source>Remote signing account saved: %1</source>
        <translation>Đã lưu tài khoản ký số từ xa: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="153"/>
        <source>Logged in to “%1”: %2 certificate(s).</source>
        <translation>Đã đăng nhập “%1”: %2 chứng thư.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="183"/>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="184"/>
        <source>Service address</source>
        <translation>Địa chỉ dịch vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="187"/>
        <source>User</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="189"/>
        <source>Client ID</source>
        <translation>Mã ứng dụng (client ID)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="191"/>
        <source>Set by</source>
        <translation>Do ai đặt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="191"/>
        <source>IT, for this computer</source>
        <translation>CNTT, cho máy này</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="193"/>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="195"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="195"/>
        <source>Logged in</source>
        <translation>Đã đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="196"/>
        <source>Certificates</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/window.py" line="197"/>
        <source>Double-click the account to edit it; “Log in to check keys” logs in again.</source>
        <translation>Nhấp đúp vào tài khoản để sửa; “Đăng nhập để kiểm tra khóa” để đăng nhập lại.</translation>
    </message>
</context>
<context>
    <name>SaveAsker</name>
    <message>
        <location filename="../../desktop/kyso/ui/save_asker.py" line="77"/>
        <source>“%1” already exists. Do you want to replace it?</source>
        <translation>Tệp “%1” đã có. Bạn có muốn ghi đè không?</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="43"/>
        <source>Settings</source>
        <translation>Thiết lập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="49"/>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="50"/>
        <source>Extra PKCS#11 modules (one path per line)</source>
        <translation>Mô-đun PKCS#11 bổ sung (mỗi dòng một đường dẫn)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="51"/>
        <source>Look for the known token drivers</source>
        <translation>Tìm các driver token đã biết</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="52"/>
        <source>Token polling interval (ms)</source>
        <translation>Chu kỳ dò token (ms)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="53"/>
        <source>Timestamp server (TSA) URL</source>
        <translation>Địa chỉ máy chủ cấp dấu thời gian (TSA)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="54"/>
        <source>Trust anchors file or folder</source>
        <translation>Tệp/thư mục chứng thư gốc tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="55"/>
        <source>Revocation look-up timeout (s)</source>
        <translation>Thời gian chờ tra cứu thu hồi (giây)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="56"/>
        <source>Folder of CRL files copied by IT (closed networks)</source>
        <translation>Thư mục tệp CRL do CNTT sao chép (mạng nội bộ khép kín)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="57"/>
        <source>HTTP proxy (empty: the system&apos;s; none: no proxy)</source>
        <translation>Proxy HTTP (để trống: theo hệ thống; none: không dùng proxy)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="58"/>
        <source>Reached without the proxy (comma-separated)</source>
        <translation>Truy cập không qua proxy (cách nhau bởi dấu phẩy)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="59"/>
        <source>Warn this many days before expiry</source>
        <translation>Cảnh báo trước khi hết hạn (ngày)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="61"/>
        <source>Allow an out-of-date organization certificate to sign</source>
        <translation>Cho phép chứng thư tổ chức chưa cập nhật được ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="63"/>
        <source>Allow keeping the PIN in the system keyring</source>
        <translation>Cho phép lưu mã PIN trong kho khóa của hệ thống</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="64"/>
        <source>Inventory database file</source>
        <translation>Tệp cơ sở dữ liệu danh mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="67"/>
        <source>Phụ lục I: directive number</source>
        <translation>Phụ lục I: số văn bản chỉ đạo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="68"/>
        <source>Phụ lục I: directive date</source>
        <translation>Phụ lục I: ngày ban hành</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="69"/>
        <source>Phụ lục I: issued by</source>
        <translation>Phụ lục I: cơ quan ban hành</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="88"/>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="89"/>
        <source>Locked by IT on this machine</source>
        <translation>Bộ phận CNTT đã khóa trên máy này</translation>
    </message>
</context>
<context>
    <name>SignAppearanceMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="78"/>
        <source>Seal image:</source>
        <translation>Ảnh con dấu:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="79"/>
        <source>Choose the seal (PNG)…</source>
        <translation>Chọn ảnh con dấu (PNG)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="81"/>
        <source>Signature image:</source>
        <translation>Ảnh chữ ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="82"/>
        <source>Choose the signature (PNG)…</source>
        <translation>Chọn ảnh chữ ký (PNG)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="84"/>
        <source>Not used by this profile</source>
        <translation>Kiểu ký này không dùng ảnh</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="87"/>
        <source>None chosen (the signer&apos;s name is shown instead)</source>
        <translation>Chưa chọn (hiển thị tên người ký thay cho ảnh)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="89"/>
        <source>None chosen (text only)</source>
        <translation>Chưa chọn (chỉ có chữ)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="98"/>
        <source>Choose a transparent PNG</source>
        <translation>Chọn ảnh PNG nền trong suốt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="99"/>
        <source>PNG images (*.png)</source>
        <translation>Ảnh PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="156"/>
        <source>Invisible signature: no place on the page</source>
        <translation>Chữ ký không hiển thị: không đặt trên trang</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="158"/>
        <source>The profile&apos;s default place</source>
        <translation>Vị trí mặc định của kiểu ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/appearance.py" line="161"/>
        <source>Page %1, box %2 (points)</source>
        <translation>Trang %1, khung %2 (điểm)</translation>
    </message>
</context>
<context>
    <name>SignFilesMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/sign/files.py" line="34"/>
        <source>Add PDF files to sign</source>
        <translation>Thêm tệp PDF cần ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/files.py" line="35"/>
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/files.py" line="44"/>
        <source>Add a folder of PDF files</source>
        <translation>Thêm thư mục chứa tệp PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/files.py" line="54"/>
        <source>Folder for the signed files</source>
        <translation>Thư mục lưu tệp đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/files.py" line="82"/>
        <source>Looking for PDF files in the folder…</source>
        <translation>Đang tìm tệp PDF trong thư mục…</translation>
    </message>
</context>
<context>
    <name>SignPage</name>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="455"/>
        <source>Click to place the signature, drag to draw its box; drag the box to move it, its corners to resize it; arrow keys nudge it (Shift: 10 points)</source>
        <translation>Bấm để đặt chữ ký, kéo để vẽ khung; kéo khung để di chuyển, kéo các góc để đổi cỡ; phím mũi tên dịch từng điểm (Shift: 10 điểm)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="449"/>
        <source>Place the seal over the left third of the last approval signature on this page (Decree 30/2020, Appendix I)</source>
        <translation>Đặt con dấu trùm lên khoảng 1/3 bên trái chữ ký phê duyệt cuối cùng trên trang này (Nghị định 30/2020, Phụ lục I)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="446"/>
        <source>Seal over the leader&apos;s signature</source>
        <translation>Đóng dấu lên chữ ký của lãnh đạo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="445"/>
        <source>Zoom out</source>
        <translation>Thu nhỏ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="444"/>
        <source>Zoom in</source>
        <translation>Phóng to</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="443"/>
        <source>Fit page</source>
        <translation>Vừa trang</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="442"/>
        <source>Fit width</source>
        <translation>Vừa chiều ngang</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="360"/>
        <source>Approval (Phê duyệt)</source>
        <translation>Phê duyệt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="361"/>
        <source>Issuance (Phát hành)</source>
        <translation>Phát hành</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="362"/>
        <source>Appendix (Phụ lục)</source>
        <translation>Phụ lục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="363"/>
        <source>Copy (Bản sao)</source>
        <translation>Bản sao</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="364"/>
        <source>Invisible (Không hiển thị)</source>
        <translation>Không hiển thị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="369"/>
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="370"/>
        <source>Trusted, with warnings</source>
        <translation>Tin cậy, có lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="371"/>
        <source>Not trusted</source>
        <translation>Không tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="372"/>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="380"/>
        <source>Not checked yet</source>
        <translation>Chưa kiểm tra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="376"/>
        <source>New model</source>
        <translation>Mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="377"/>
        <source>Needs a change of information</source>
        <translation>Cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="378"/>
        <source>Unit abolished</source>
        <translation>Đơn vị đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="379"/>
        <source>Unknown</source>
        <translation>Chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="384"/>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="386"/>
        <source>Signed (the repaired copy %1)</source>
        <translation>Đã ký (bản đã sửa %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="388"/>
        <source>Signed</source>
        <translation>Đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="390"/>
        <source>Signed before</source>
        <translation>Đã ký trước đó</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="392"/>
        <source>Failed: %1</source>
        <translation>Lỗi: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="394"/>
        <source>Not signed: the token was removed</source>
        <translation>Chưa ký: token đã bị rút ra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="396"/>
        <source>Not signed: the token was removed (left to sign)</source>
        <translation>Chưa ký: token đã bị rút ra (còn lại cần ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="398"/>
        <source>Not signed: the audit log could not be written (left to sign)</source>
        <translation>Chưa ký: không ghi được nhật ký kiểm tra (còn lại chưa ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="400"/>
        <source>Not signed: the signing request was refused (left to sign)</source>
        <translation>Chưa ký: yêu cầu ký đã bị từ chối (còn lại chưa ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="402"/>
        <source>Not signed: the timestamp server failed (left to sign)</source>
        <translation>Chưa ký: máy chủ dấu thời gian bị lỗi (còn lại chưa ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="404"/>
        <source>Not signed: cancelled</source>
        <translation>Chưa ký: đã hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="408"/>
        <source>Signing certificate</source>
        <translation>Chứng thư ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="410"/>
        <source>Certificate</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="410"/>
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="410"/>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="417"/>
        <source>Token / account</source>
        <translation>Token / tài khoản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="411"/>
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="419"/>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="420"/>
        <source>Signature</source>
        <translation>Chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="421"/>
        <source>Profile:</source>
        <translation>Kiểu ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="422"/>
        <source>Level:</source>
        <translation>Mức chữ ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="423"/>
        <source>Number and symbol:</source>
        <translation>Số, ký hiệu:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="424"/>
        <source>Organization:</source>
        <translation>Cơ quan:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="425"/>
        <source>e.g. 123/QĐ-UBND</source>
        <translation>ví dụ: 123/QĐ-UBND</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="428"/>
        <source>Signed files</source>
        <translation>Tệp đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="430"/>
        <source>Beside each input, as &lt;name&gt;%1</source>
        <translation>Cạnh tệp gốc, đặt tên &lt;tên&gt;%1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="432"/>
        <source>In this folder:</source>
        <translation>Trong thư mục:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="433"/>
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="434"/>
        <source>PDF files (drop files or folders here)</source>
        <translation>Tệp PDF (kéo thả tệp hoặc thư mục vào đây)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="435"/>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="435"/>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="435"/>
        <source>Signed file</source>
        <translation>Tệp đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="436"/>
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="437"/>
        <source>Add a folder…</source>
        <translation>Thêm thư mục…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="438"/>
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="439"/>
        <source>Clear</source>
        <translation>Xóa danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="440"/>
        <source>Place of the signature (click or drag on the page)</source>
        <translation>Vị trí chữ ký (bấm hoặc kéo trên trang)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="441"/>
        <source>Page:</source>
        <translation>Trang:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="459"/>
        <source>Default place</source>
        <translation>Vị trí mặc định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="460"/>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="554"/>
        <source>Sign</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/page.py" line="461"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>SignRunMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="313"/>
        <source>Sign at %1 instead? The signature is valid but carries no trusted time; you can add a timestamp later.</source>
        <translation>Ký ở mức %1 thay thế? Chữ ký vẫn hợp lệ nhưng không có thời gian được xác thực; có thể bổ sung dấu thời gian sau.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="321"/>
        <source>Sign at %1</source>
        <translation>Ký ở mức %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="274"/>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="309"/>
        <source>Sign</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="181"/>
        <source>Nothing was signed. Fix this first:</source>
        <translation>Chưa ký tệp nào. Hãy xử lý trước:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="335"/>
        <source>Not signed: no timestamp server.</source>
        <translation>Chưa ký: không có máy chủ dấu thời gian.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="286"/>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="323"/>
        <source>Do not sign</source>
        <translation>Không ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="142"/>
        <source>Checking the timestamp server and the folders…</source>
        <translation>Đang kiểm tra máy chủ dấu thời gian và thư mục lưu…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="66"/>
        <source>Checking the certificate…</source>
        <translation>Đang kiểm tra chứng thư…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="118"/>
        <source>Emergency signature: confirm the urgency and give a reason.</source>
        <translation>Ký khẩn cấp: xác nhận tính khẩn cấp và nêu lý do.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="126"/>
        <source>This certificate may not sign:</source>
        <translation>Chứng thư này không được dùng để ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="224"/>
        <source>Wrong password for “%1”. Enter the file&apos;s password again:</source>
        <translation>Mật khẩu của “%1” không đúng. Nhập lại mật khẩu của tệp:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="226"/>
        <source>“%1” is protected by a password. Enter the file&apos;s password to sign it:</source>
        <translation>Tệp “%1” được bảo vệ bằng mật khẩu. Nhập mật khẩu của tệp để ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="230"/>
        <source>PDF password</source>
        <translation>Mật khẩu tệp PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="233"/>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="234"/>
        <source>Do not sign this file</source>
        <translation>Không ký tệp này</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="237"/>
        <source>Waiting for the PDF file&apos;s password…</source>
        <translation>Đang chờ mật khẩu của tệp PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="248"/>
        <source>Checking the files…</source>
        <translation>Đang kiểm tra các tệp…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="276"/>
        <source>The structure of these files is damaged. Kyso will save each as a new file before signing, and sign that new file:</source>
        <translation>Các tệp sau bị lỗi cấu trúc. Kyso sẽ lưu lại mỗi tệp thành bản mới trước khi ký, và ký bản mới đó:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="285"/>
        <source>Repair and sign</source>
        <translation>Sửa rồi ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="297"/>
        <source>Not signed: the damaged files were not repaired.</source>
        <translation>Chưa ký: các tệp bị lỗi không được sửa.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="342"/>
        <source>Not signed: the emergency was not confirmed.</source>
        <translation>Chưa ký: chưa xác nhận trường hợp khẩn cấp.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="363"/>
        <source>The token&apos;s PKCS#11 module is gone; insert the token again and retry.</source>
        <translation>Không tìm thấy mô-đun PKCS#11 của token; cắm lại token rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="373"/>
        <source>Could not read the image %1: %2.</source>
        <translation>Không đọc được ảnh %1: %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="400"/>
        <source>Choose the folder for the signed files first.</source>
        <translation>Chưa chọn thư mục lưu tệp đã ký.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="413"/>
        <source>Sign %1 PDF file(s) with “%2”</source>
        <translation>Ký %1 tệp PDF bằng chứng thư “%2”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="452"/>
        <source>Connecting to the signing service…</source>
        <translation>Đang kết nối dịch vụ ký số…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="454"/>
        <source>Logging in to the token…</source>
        <translation>Đang đăng nhập token…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="474"/>
        <source>Cancelling after the current file…</source>
        <translation>Sẽ dừng sau tệp đang ký…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="484"/>
        <source>Signing %1 (%2 of %3)…</source>
        <translation>Đang ký %1 (%2/%3)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="504"/>
        <source>Signed %1 of %2 files; %3 failed.</source>
        <translation>Đã ký %1/%2 tệp; %3 tệp lỗi.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="517"/>
        <source>Left to sign: %1</source>
        <translation>Còn lại chưa ký: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign/run.py" line="521"/>
        <source>Cancelled: %1 files not signed.</source>
        <translation>Đã hủy: %1 tệp chưa ký.</translation>
    </message>
</context>
<context>
    <name>SupportBundleAction</name>
    <message>
        <location filename="../../desktop/kyso/ui/support_action.py" line="26"/>
        <source>Create a support bundle for IT…</source>
        <translation>Tạo gói hỗ trợ gửi CNTT…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/support_action.py" line="33"/>
        <source>Save the support bundle</source>
        <translation>Lưu gói hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/support_action.py" line="34"/>
        <source>ZIP files (*.zip)</source>
        <translation>Tệp ZIP (*.zip)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/support_action.py" line="49"/>
        <source>Support bundle</source>
        <translation>Gói hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/support_action.py" line="50"/>
        <source>The support bundle was saved as %1. It holds no PIN, password or document content; send it to IT.</source>
        <translation>Đã lưu gói hỗ trợ tại %1. Gói không chứa mã PIN, mật khẩu hay nội dung văn bản; gửi tệp này cho bộ phận CNTT.</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="65"/>
        <source>Open Kyso</source>
        <translation>Mở Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/bridge/tray.py" line="66"/>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="72"/>
        <source>Unit name</source>
        <translation>Tên đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="73"/>
        <source>Staff (CBCCVC)</source>
        <translation>Số CBCCVC</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="74"/>
        <source>Organization certificates needed</source>
        <translation>Số chứng thư tổ chức cần có</translation>
    </message>
</context>
<context>
    <name>UnitPickerDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="89"/>
        <source>Choose the unit</source>
        <translation>Chọn đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory/dialogs.py" line="99"/>
        <source>Use this unit for the next tokens too</source>
        <translation>Dùng đơn vị này cho các token tiếp theo</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="159"/>
        <source>Open PDF files…</source>
        <translation>Mở tệp PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="160"/>
        <source>Open a folder…</source>
        <translation>Mở thư mục…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="161"/>
        <source>Offline (no revocation look-ups)</source>
        <translation>Ngoại tuyến (không tra cứu thu hồi qua mạng)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="162"/>
        <source>Export report (PDF)…</source>
        <translation>Xuất báo cáo (PDF)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="163"/>
        <source>Export JSON…</source>
        <translation>Xuất JSON…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="164"/>
        <source>Clear</source>
        <translation>Xóa danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="165"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="166"/>
        <source>Document / signature</source>
        <translation>Văn bản / chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="166"/>
        <source>Conclusion</source>
        <translation>Kết luận</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="169"/>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="260"/>
        <source>Drop signed PDF files or folders here, or open them with the buttons.</source>
        <translation>Kéo thả tệp PDF đã ký hoặc thư mục vào đây, hoặc mở bằng các nút phía trên.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="189"/>
        <source>Valid</source>
        <translation>Hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="190"/>
        <source>Indeterminate</source>
        <translation>Chưa xác định được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="191"/>
        <source>Invalid</source>
        <translation>Không hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="192"/>
        <source>Could not be checked</source>
        <translation>Không kiểm tra được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="207"/>
        <source>Open signed PDF files</source>
        <translation>Mở tệp PDF đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="207"/>
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="213"/>
        <source>Open a folder of PDF files</source>
        <translation>Mở thư mục chứa tệp PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="241"/>
        <source>Checking signatures…</source>
        <translation>Đang kiểm tra chữ ký…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="248"/>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="291"/>
        <source>Checked %1 of %2 files</source>
        <translation>Đã kiểm tra %1/%2 tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="323"/>
        <source>%1 documents checked: %2 valid, %3 with an invalid signature</source>
        <translation>Đã kiểm tra %1 văn bản: %2 hợp lệ, %3 có chữ ký không hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/page.py" line="325"/>
        <source>Cancelled after %1 documents: %2 valid, %3 with an invalid signature</source>
        <translation>Đã hủy sau %1 văn bản: %2 hợp lệ, %3 có chữ ký không hợp lệ</translation>
    </message>
</context>
<context>
    <name>VerifyReportMixin</name>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="69"/>
        <source>Empty signature fields</source>
        <translation>Ô chữ ký còn trống</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="76"/>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="76"/>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="76"/>
        <source>not analysed</source>
        <translation>chưa phân tích được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="82"/>
        <source>the whole file</source>
        <translation>toàn bộ tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="83"/>
        <source>the whole signed revision (updated later)</source>
        <translation>toàn bộ phiên bản đã ký (có cập nhật sau đó)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="84"/>
        <source>only part of the document</source>
        <translation>chỉ một phần văn bản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="87"/>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="88"/>
        <source>allowed changes (signatures, form filling, validation data)</source>
        <translation>thay đổi được phép (ký thêm, điền biểu mẫu, dữ liệu kiểm tra)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="89"/>
        <source>changes that are NOT allowed</source>
        <translation>thay đổi KHÔNG được phép</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="92"/>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="143"/>
        <source>not revoked</source>
        <translation>chưa bị thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="93"/>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="144"/>
        <source>REVOKED</source>
        <translation>ĐÃ BỊ THU HỒI</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="94"/>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="145"/>
        <source>not known</source>
        <translation>chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="97"/>
        <source>data embedded in the document</source>
        <translation>dữ liệu kèm trong văn bản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="98"/>
        <source>cached data</source>
        <translation>dữ liệu lưu đệm</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="99"/>
        <source>online look-up</source>
        <translation>tra cứu trực tuyến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="100"/>
        <source>CRL file loaded on this computer</source>
        <translation>tệp CRL nạp vào máy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="103"/>
        <source>on the new model</source>
        <translation>đã theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="104"/>
        <source>needs a change of information</source>
        <translation>cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="105"/>
        <source>district-level unit abolished</source>
        <translation>đơn vị cấp huyện đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="106"/>
        <source>check with the unit</source>
        <translation>kiểm tra với đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="107"/>
        <source>not determined</source>
        <translation>chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="111"/>
        <source>(structured as %1)</source>
        <translation>(cấu trúc %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="112"/>
        <source>Conclusion</source>
        <translation>Kết luận</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="114"/>
        <source>Emergency signature (item 4, Công văn 393/BCY-CTSBMTT)</source>
        <translation>Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="117"/>
        <source>Signer</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="118"/>
        <source>Organization</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="119"/>
        <source>Certificate SHA-256</source>
        <translation>SHA-256 của chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="120"/>
        <source>Signature field</source>
        <translation>Ô chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="121"/>
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="122"/>
        <source>Signing time (claimed)</source>
        <translation>Thời gian ký (người ký ghi)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="123"/>
        <source>Timestamp</source>
        <translation>Dấu thời gian</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="124"/>
        <source>Intact</source>
        <translation>Toàn vẹn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="125"/>
        <source>Signature covers</source>
        <translation>Phạm vi chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="126"/>
        <source>Changes after signing</source>
        <translation>Thay đổi sau khi ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="129"/>
        <source>What changed</source>
        <translation>Nội dung thay đổi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="131"/>
        <source>Fields changed later</source>
        <translation>Ô đã sửa sau khi ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="133"/>
        <source>Visible difference</source>
        <translation>Khác biệt nhìn thấy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="137"/>
        <source>Trusted at signing time</source>
        <translation>Tin cậy tại thời điểm ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="138"/>
        <source>Trusted now</source>
        <translation>Tin cậy hiện nay</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="139"/>
        <source>Revocation</source>
        <translation>Thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="140"/>
        <source>PAdES level</source>
        <translation>Mức PAdES</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="146"/>
        <source>no revocation service named</source>
        <translation>không nêu dịch vụ tra cứu thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="151"/>
        <source>Revocation of %1</source>
        <translation>Tình trạng thu hồi của %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="157"/>
        <source>Visible signature</source>
        <translation>Hình chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="167"/>
        <source>Document timestamp</source>
        <translation>Dấu thời gian của văn bản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="168"/>
        <source>A signature of a type Kyso cannot verify</source>
        <translation>Chữ ký thuộc loại Kyso chưa kiểm tra được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="134"/>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="158"/>
        <source>page %1</source>
        <translation>trang %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="171"/>
        <source>Chain</source>
        <translation>Chuỗi chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="183"/>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="198"/>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="211"/>
        <source>Signature verification report</source>
        <translation>Báo cáo kiểm tra chữ ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="222"/>
        <source>Writing the report…</source>
        <translation>Đang ghi báo cáo…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="228"/>
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="239"/>
        <source>Export report (PDF)</source>
        <translation>Xuất báo cáo (PDF)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify/report.py" line="244"/>
        <source>Export JSON</source>
        <translation>Xuất JSON</translation>
    </message>
</context>
<context>
    <name>WaitingDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="33"/>
        <source>Approve on your phone</source>
        <translation>Xác nhận trên điện thoại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="43"/>
        <source>The signing request for %1 document(s) was sent to your phone. Open the signing app and approve it.</source>
        <translation>Yêu cầu ký %1 văn bản đã được gửi tới điện thoại. Mở ứng dụng ký số và xác nhận.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="53"/>
        <source>Part %1/%2</source>
        <translation>Phần %1/%2</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="55"/>
        <source>after you approve it, the phone will ask for the next part.</source>
        <translation>sau khi bạn xác nhận, điện thoại sẽ hỏi tiếp phần sau.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="59"/>
        <source>part %1/%2</source>
        <translation>phần %1/%2</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="76"/>
        <source>Cancel signing</source>
        <translation>Hủy ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/remote/waiting.py" line="86"/>
        <source>Time left: %1 s</source>
        <translation>Còn lại: %1 giây</translation>
    </message>
</context>
</TS>
