<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="15" />
        <source>About Kyso</source>
        <translation>Giới thiệu Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="33" />
        <source>loaded</source>
        <translation>đã nạp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="35" />
        <source>error: %1</source>
        <translation>lỗi: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="44" />
        <source>Version</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="45" />
        <source>Build date</source>
        <translation>Ngày đóng gói</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="47" />
        <source>Administrative units data</source>
        <translation>Dữ liệu đơn vị hành chính</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="50" />
        <source>User settings</source>
        <translation>Thiết lập người dùng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="51" />
        <source>Machine settings (IT)</source>
        <translation>Thiết lập của máy (CNTT)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="52" />
        <source>Locked by IT</source>
        <translation>CNTT đã khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="53" />
        <source>Log file</source>
        <translation>Tệp nhật ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="56" />
        <source>Public-service digital signatures</source>
        <translation>Chữ ký số chuyên dùng công vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/about_dialog.py" line="57" />
        <source>PKCS#11 modules</source>
        <translation>Mô-đun PKCS#11</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="198" />
        <source>Edit certificate</source>
        <translation>Sửa chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="198" />
        <source>Add a SIM PKI or RSSP certificate</source>
        <translation>Thêm chứng thư SIM PKI hoặc RSSP</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="203" />
        <source>Holder's name or the subject</source>
        <translation>Tên người/tổ chức sở hữu hoặc chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="210" />
        <source>Person</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="211" />
        <source>Organization</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="214" />
        <source>(no unit)</source>
        <translation>(chưa gắn đơn vị)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="218" />
        <source>Issued or changed to the new (two-tier) structure</source>
        <translation>Đã cấp mới hoặc đã điều chỉnh thông tin theo cơ cấu tổ chức mới (hai cấp)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="221" />
        <source>Validity known</source>
        <translation>Biết thời hạn hiệu lực</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="233" />
        <source>Subject</source>
        <translation>Chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="234" />
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="235" />
        <source>Holder</source>
        <translation>Loại chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="236" />
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="239" />
        <source>Valid from</source>
        <translation>Hiệu lực từ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="240" />
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="241" />
        <source>Certificate serial</source>
        <translation>Số hiệu chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="242" />
        <source>Device serial</source>
        <translation>Số sê-ri thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="243" />
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="86" />
        <location filename="../../desktop/kyso/ui/details.py" line="109" />
        <source>Label</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="87" />
        <source>Manufacturer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="88" />
        <source>Model</source>
        <translation>Kiểu thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="89" />
        <source>Serial number</source>
        <translation>Số sê-ri</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="90" />
        <source>PIN state</source>
        <translation>Trạng thái mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="92" />
        <source>PIN entry</source>
        <translation>Nhập mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="93" />
        <source>On the reader's keypad</source>
        <translation>Trên bàn phím của đầu đọc</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="93" />
        <source>In Kyso</source>
        <translation>Trong Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="95" />
        <source>Certificates</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="96" />
        <source>CA certificates</source>
        <translation>Chứng thư CA</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="97" />
        <source>PKCS#11 module</source>
        <translation>Mô-đun PKCS#11</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="100" />
        <location filename="../../desktop/kyso/ui/details.py" line="111" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="101" />
        <source>Token “%1”</source>
        <translation>Token “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="107" />
        <source>Unreadable certificate</source>
        <translation>Chứng thư không đọc được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="110" />
        <source>Key ID</source>
        <translation>Mã khóa (Key ID)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="113" />
        <source>What to do</source>
        <translation>Cần làm gì</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="115" />
        <source>The token holds a certificate object Kyso cannot parse. Ask the issuing CA to check the token.</source>
        <translation>Token chứa một đối tượng chứng thư mà Kyso không đọc được. Đề nghị đơn vị cấp chứng thư kiểm tra lại token.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="129" />
        <source>expired %1 days ago</source>
        <translation>đã hết hạn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="131" />
        <source>%1 days left</source>
        <translation>còn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="133" />
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="134" />
        <location filename="../../desktop/kyso/ui/details.py" line="149" />
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="135" />
        <source>Unknown until login</source>
        <translation>Chưa biết (cần đăng nhập)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="141" />
        <source>Issuer</source>
        <translation>Đơn vị cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="142" />
        <source>Valid from</source>
        <translation>Hiệu lực từ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="143" />
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="144" />
        <source>Serial</source>
        <translation>Số hiệu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="145" />
        <source>Key usage</source>
        <translation>Mục đích sử dụng khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="145" />
        <source>(not restricted)</source>
        <translation>(không giới hạn)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="146" />
        <source>Private key on token</source>
        <translation>Khóa bí mật trên token</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="148" />
        <source>CA certificate</source>
        <translation>Chứng thư CA</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="149" />
        <source>Yes (not for signing)</source>
        <translation>Có (không dùng để ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="151" />
        <source>SHA-256 fingerprint</source>
        <translation>Dấu vân tay SHA-256</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="152" />
        <source>Key ID (CKA_ID)</source>
        <translation>Mã khóa (CKA_ID)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="155" />
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="159" />
        <location filename="../../desktop/kyso/ui/details.py" line="168" />
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="159" />
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="164" />
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="165" />
        <source>Warning</source>
        <translation>Cần lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="166" />
        <source>Failed</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="170" />
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="173" />
        <source>Not revoked</source>
        <translation>Chưa bị thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="174" />
        <source>Revoked</source>
        <translation>Đã bị thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="175" />
        <source>Not checked</source>
        <translation>Chưa kiểm tra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="181" />
        <source>Revocation</source>
        <translation>Thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="183" />
        <source>Certificate chain</source>
        <translation>Chuỗi chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="183" />
        <source>(not built)</source>
        <translation>(chưa dựng được)</translation>
    </message>
</context>
<context>
    <name>DeviceModel</name>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="40" />
        <source>Device / certificate</source>
        <translation>Thiết bị / chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="41" />
        <source>Status / trust</source>
        <translation>Trạng thái / tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="42" />
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="43" />
        <source>Expires</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="85" />
        <source>Loaded</source>
        <translation>Đã nạp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="87" />
        <source>Failed to load</source>
        <translation>Không nạp được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="108" />
        <source>CA certificates (not for signing)</source>
        <translation>Chứng thư CA (không dùng để ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="177" />
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="178" />
        <source>Warning</source>
        <translation>Cần lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="179" />
        <source>Failed</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="184" />
        <source>New model</source>
        <translation>Mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="185" />
        <source>Needs change</source>
        <translation>Cần thay đổi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="186" />
        <source>Unit abolished</source>
        <translation>Đơn vị đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="187" />
        <source>Unknown</source>
        <translation>Chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="198" />
        <source>Unreadable certificate “%1”</source>
        <translation>Chứng thư không đọc được “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="220" />
        <source>PIN locked</source>
        <translation>PIN bị khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="222" />
        <source>PIN: final try</source>
        <translation>PIN: lần thử cuối</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="224" />
        <source>PIN: wrong tries</source>
        <translation>PIN: đã nhập sai</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="225" />
        <source>PIN OK</source>
        <translation>PIN bình thường</translation>
    </message>
</context>
<context>
    <name>EmergencyDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="529" />
        <source>Emergency signature (item 4, letter 393/BCY-CTSBMTT)</source>
        <translation>Ký khẩn cấp (mục 4 Công văn 393/BCY-CTSBMTT)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="534" />
        <source>This personal certificate is not on the two-tier model yet. Its organization “%1” already has a certificate on the new model, so it may sign only in an emergency, under this rule:</source>
        <translation>Chứng thư cá nhân này chưa thay đổi thông tin theo mô hình chính quyền hai cấp. Cơ quan “%1” đã có chứng thư theo mô hình mới, nên chứng thư này chỉ được dùng để ký trong trường hợp khẩn cấp, theo quy định sau:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="553" />
        <source>The reason is written into the signature and into Kyso's audit log. Give a short reason for the urgency:</source>
        <translation>Lý do được ghi vào chữ ký và vào nhật ký kiểm tra của Kyso. Nêu ngắn gọn lý do khẩn cấp:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="562" />
        <source>e.g. urgent flood-prevention order</source>
        <translation>ví dụ: lệnh phòng chống lũ khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="568" />
        <source>Sign in an emergency</source>
        <translation>Ký khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="570" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="111" />
        <source>No signing token found</source>
        <translation>Chưa thấy token ký số nào</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="115" />
        <source>Insert your USB token (VGCA Bit4id or SafeNet, or another CA's token). It appears here within a second.</source>
        <translation>Hãy cắm token USB (Bit4id hoặc SafeNet của Ban Cơ yếu, hoặc token của CA khác). Token sẽ hiện ở đây trong vòng một giây.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="119" />
        <source>Kyso looks for these drivers in their usual places:</source>
        <translation>Kyso tìm các trình điều khiển (driver) sau ở vị trí cài đặt thông thường:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="124" />
        <source>If your token's driver is installed elsewhere, add its PKCS#11 module path to the setting “pkcs11_modules” or to the environment variable KYSO_PKCS11_MODULES.</source>
        <translation>Nếu driver của token cài ở nơi khác, thêm đường dẫn mô-đun PKCS#11 vào thiết lập “pkcs11_modules” hoặc biến môi trường KYSO_PKCS11_MODULES.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="128" />
        <source>Try the DEMO token</source>
        <translation>Dùng thử token DEMO</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="347" />
        <source>Export Phụ lục I</source>
        <translation>Xuất Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="352" />
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="353" />
        <source>Quarter</source>
        <translation>Quý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="371" />
        <source>Period</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="374" />
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="379" />
        <source>Excel file (.xlsx)</source>
        <translation>Tệp Excel (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="380" />
        <source>Also write a CSV file next to it</source>
        <translation>Ghi thêm tệp CSV cùng thư mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="383" />
        <source>Replace files that already exist</source>
        <translation>Ghi đè tệp đã có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="407" />
        <source>Save Phụ lục I</source>
        <translation>Lưu Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="407" />
        <source>Excel files (*.xlsx)</source>
        <translation>Tệp Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ImportProblemsDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="306" />
        <source>Problems found before importing</source>
        <translation>Phát hiện lỗi trước khi nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="309" />
        <source>%1 problem(s) found. The other %2 row(s) or certificate(s) are fine.</source>
        <translation>Có %1 lỗi. %2 dòng/chứng thư còn lại hợp lệ.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="322" />
        <source>Import the good rows</source>
        <translation>Nhập các dòng hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="327" />
        <source>Import nothing</source>
        <translation>Không nhập gì</translation>
    </message>
</context>
<context>
    <name>InventoryPage</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="569" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="862" />
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="582" />
        <source>Import certificate files…</source>
        <translation>Nhập tệp chứng thư…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="585" />
        <source>Import CSV…</source>
        <translation>Nhập danh sách CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="588" />
        <source>Export Phụ lục I…</source>
        <translation>Xuất Phụ lục I…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="591" />
        <source>Merge reports…</source>
        <translation>Gộp báo cáo…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="607" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="710" />
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="607" />
        <source>Staff (CBCCVC)</source>
        <translation>Số CBCCVC</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="618" />
        <source>Add unit…</source>
        <translation>Thêm đơn vị…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="621" />
        <source>Edit unit…</source>
        <translation>Sửa đơn vị…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="624" />
        <source>Remove unit</source>
        <translation>Xóa đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="630" />
        <source>Add new token certificates to this unit</source>
        <translation>Đưa chứng thư của các token tiếp theo vào đơn vị này</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="642" />
        <source>Certificates</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="643" />
        <source>Coverage</source>
        <translation>Mức độ bao phủ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="644" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="711" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1108" />
        <source>Devices to return</source>
        <translation>Thiết bị cần trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="645" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="782" />
        <source>Reporting unit</source>
        <translation>Đơn vị báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="661" />
        <source>Include sub-units</source>
        <translation>Gồm cả đơn vị trực thuộc</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="668" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="745" />
        <source>Subject</source>
        <translation>Chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="668" />
        <source>Holder</source>
        <translation>Loại chủ thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="668" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="745" />
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="668" />
        <source>New model</source>
        <translation>Mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="669" />
        <source>Two-tier check</source>
        <translation>Kiểm tra mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="669" />
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="669" />
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="670" />
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="670" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="745" />
        <source>Device serial</source>
        <translation>Số sê-ri thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="681" />
        <source>Add SIM PKI / RSSP…</source>
        <translation>Thêm SIM PKI / RSSP…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="684" />
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="687" />
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="690" />
        <source>Device to return</source>
        <translation>Cần trả thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="693" />
        <source>The certificate is no longer needed: list its device to be returned to Cục Chứng thực số và Bảo mật thông tin (Công văn 393, item 6).</source>
        <translation>Chứng thư không còn nhu cầu sử dụng: đưa thiết bị vào danh sách cần trả về Cục Chứng thực số và Bảo mật thông tin (Công văn 393, mục 6).</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="710" />
        <source>No.</source>
        <translation>STT</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="710" />
        <source>Staff</source>
        <translation>CBCCVC</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="710" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="810" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1070" />
        <source>On the new model</source>
        <translation>Đã theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="711" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1071" />
        <source>Needing change</source>
        <translation>Cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="711" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1072" />
        <source>Missing</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="712" />
        <source>Ready</source>
        <translation>Tỷ lệ đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="722" />
        <source>Certificates per unit</source>
        <translation>Chứng thư theo đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="737" />
        <source>Devices whose certificates are no longer needed (for example those of abolished district-level bodies) must be returned to Cục Chứng thực số và Bảo mật thông tin.</source>
        <translation>Thiết bị có chứng thư không còn nhu cầu sử dụng (ví dụ của các cơ quan cấp huyện đã giải thể) phải nộp trả về Cục Chứng thực số và Bảo mật thông tin.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="745" />
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="746" />
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="746" />
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="755" />
        <source>Mark returned</source>
        <translation>Đánh dấu đã trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="758" />
        <source>Take off the list</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="760" />
        <source>List abolished bodies' certificates</source>
        <translation>Liệt kê chứng thư của cơ quan đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="772" />
        <source>Reporting unit and focal person</source>
        <translation>Đơn vị báo cáo và cán bộ đầu mối</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="776" />
        <source>e.g. Sở Y tế, UBND phường Ba Đình</source>
        <translation>ví dụ: Sở Y tế, UBND phường Ba Đình</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="783" />
        <source>Focal person</source>
        <translation>Cán bộ đầu mối</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="784" />
        <source>Position</source>
        <translation>Chức vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="785" />
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="786" />
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="790" />
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="796" />
        <source>Công văn 4414/UBND-ĐMPT: each unit names one focal person for all certificate requests and reports monthly and quarterly with the template of Phụ lục I.</source>
        <translation>Công văn 4414/UBND-ĐMPT: mỗi đơn vị cử một cán bộ đầu mối cho mọi đề nghị về chứng thư số và báo cáo hằng tháng, hằng quý theo mẫu Phụ lục I.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="806" />
        <source>Organization</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="806" />
        <source>Person</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="811" />
        <source>Needs a change of information</source>
        <translation>Cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="812" />
        <source>Unit abolished</source>
        <translation>Đơn vị đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="813" />
        <source>Unknown</source>
        <translation>Chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="818" />
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="818" />
        <source>Warning</source>
        <translation>Cần lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="819" />
        <source>Failed</source>
        <translation>Không đạt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="823" />
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="823" />
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="823" />
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="824" />
        <source>Entered by hand</source>
        <translation>Nhập tay</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="828" />
        <source>Returned</source>
        <translation>Đã trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="828" />
        <source>To return</source>
        <translation>Cần trả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="856" />
        <source>The rest of Kyso works as usual. To use the inventory: choose another file in Tools → Settings (“Inventory database file”), or move the damaged file to another folder so that Kyso starts a new, empty inventory; then click “Try again”.</source>
        <translation>Các phần khác của Kyso vẫn dùng bình thường. Để dùng danh mục chứng thư: chọn tệp khác trong Công cụ → Thiết lập (“Tệp cơ sở dữ liệu danh mục”), hoặc chuyển tệp bị hỏng sang thư mục khác để Kyso tạo danh mục mới, trống; rồi bấm “Thử lại”.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="931" />
        <source>(certificates without a unit)</source>
        <translation>(chứng thư chưa gắn đơn vị)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="984" />
        <source>Staff must be a whole number (0 or more).</source>
        <translation>Số CBCCVC phải là số nguyên không âm.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1006" />
        <source>Certificates without a unit are not counted in the report.</source>
        <translation>Chứng thư chưa gắn đơn vị không được tính trong báo cáo.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1020" />
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1020" />
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1128" />
        <source>Kyso asks for the unit when you add a token's certificate.</source>
        <translation>Kyso sẽ hỏi đơn vị khi bạn thêm chứng thư của token.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1137" />
        <source>New token certificates go to: %1</source>
        <translation>Chứng thư của token mới thêm vào: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1152" />
        <source>Inventory</source>
        <translation>Danh mục chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1165" />
        <source>Add a unit</source>
        <translation>Thêm đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1165" />
        <source>Add a group</source>
        <translation>Thêm nhóm</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1196" />
        <source>Edit unit</source>
        <translation>Sửa đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1254" />
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1271" />
        <source>This certificate cannot be read, so it cannot be added to the inventory.</source>
        <translation>Chứng thư này không đọc được nên không thêm vào danh mục được.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1290" />
        <source>The unit tree is empty; add the units on the Inventory page first.</source>
        <translation>Cây đơn vị còn trống; hãy thêm đơn vị trong trang Danh mục chứng thư trước.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1296" />
        <source>Which unit does this certificate belong to?</source>
        <translation>Chứng thư này thuộc đơn vị nào?</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1331" />
        <source>Added to the inventory: %1</source>
        <translation>Đã thêm vào kiểm kê: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1332" />
        <source>Updated in the inventory: %1</source>
        <translation>Đã cập nhật trong kiểm kê: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1398" />
        <source>No longer needed</source>
        <translation>Không còn nhu cầu sử dụng</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1434" />
        <source>Body abolished (two-tier reform)</source>
        <translation>Cơ quan đã giải thể (chính quyền hai cấp)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1436" />
        <source>%1 device(s) added to the list.</source>
        <translation>Đã thêm %1 thiết bị vào danh sách.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1452" />
        <source>Working…</source>
        <translation>Đang xử lý…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1463" />
        <source>Import a CSV list of certificates</source>
        <translation>Nhập danh sách chứng thư (CSV)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1464" />
        <source>CSV files (*.csv *.txt)</source>
        <translation>Tệp CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1512" />
        <source>Select the certificates' unit in the unit tree first.</source>
        <translation>Hãy chọn đơn vị của các chứng thư trong cây đơn vị trước.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1516" />
        <source>Import certificate files</source>
        <translation>Nhập tệp chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1517" />
        <source>Certificates (*.cer *.crt *.pem *.der *.p7b);;All files (*)</source>
        <translation>Chứng thư (*.cer *.crt *.pem *.der *.p7b);;Mọi tệp (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1567" />
        <source>Imported: %1 added, %2 updated.</source>
        <translation>Đã nhập: thêm %1, cập nhật %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1570" />
        <source>%1 bad row(s) were not imported.</source>
        <translation>%1 dòng lỗi không được nhập.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1573" />
        <source>Nothing was imported.</source>
        <translation>Không nhập gì.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1616" />
        <source>Report written: %1</source>
        <translation>Đã ghi báo cáo: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1619" />
        <source>%1 certificate(s) without a unit were not counted.</source>
        <translation>%1 chứng thư chưa gắn đơn vị không được tính.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="1649" />
        <source>Merged %1 report(s) into %2</source>
        <translation>Đã gộp %1 báo cáo vào %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="262" />
        <source>Kyso — public-service digital signatures</source>
        <translation>Kyso — chữ ký số chuyên dùng công vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="263" />
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="264" />
        <source>Log in to check keys</source>
        <translation>Đăng nhập để kiểm tra khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="265" />
        <source>Check all</source>
        <translation>Kiểm tra tất cả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="266" />
        <source>Export check results…</source>
        <translation>Xuất kết quả kiểm tra…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="267" />
        <source>Add to inventory</source>
        <translation>Thêm vào danh mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="268" />
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="269" />
        <source>Verify</source>
        <translation>Xác minh chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="270" />
        <source>Sign</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="271" />
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="272" />
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="274" />
        <location filename="../../desktop/kyso/ui/main_window.py" line="346" />
        <source>Inventory</source>
        <translation>Danh mục chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="275" />
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="276" />
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="277" />
        <source>Settings…</source>
        <translation>Thiết lập…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="278" />
        <source>Tools</source>
        <translation>Công cụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="279" />
        <source>Download Ban Cơ yếu's root certificates</source>
        <translation>Tải chứng thư gốc của Ban Cơ yếu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="280" />
        <source>About Kyso</source>
        <translation>Giới thiệu Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="284" />
        <source>Looking for tokens…</source>
        <translation>Đang tìm token…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="401" />
        <source>Token inserted: %1</source>
        <translation>Đã cắm token: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="407" />
        <source>Token removed: %1</source>
        <translation>Đã rút token: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="412" />
        <source>Token removed</source>
        <translation>Token đã bị rút</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="414" />
        <source>Token “%1” was removed while Kyso was using it. The session was closed; insert the token again and repeat what you were doing.</source>
        <translation>Token “%1” đã bị rút ra khi Kyso đang dùng. Phiên làm việc đã đóng; hãy cắm lại token và thực hiện lại thao tác.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="457" />
        <source>Checking certificates…</source>
        <translation>Đang kiểm tra chứng thư…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="457" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="492" />
        <source>Checking: %1</source>
        <translation>Đang kiểm tra: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="517" />
        <source>Checked %1 certificates: %2 failed, %3 with warnings.</source>
        <translation>Đã kiểm tra %1 chứng thư: %2 không đạt, %3 cần lưu ý.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="537" />
        <source>Export check results</source>
        <translation>Xuất kết quả kiểm tra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="538" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Sổ tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="538" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="550" />
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="632" />
        <source>Enter the PIN on the reader</source>
        <translation>Nhập mã PIN trên đầu đọc</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="633" />
        <source>Type the PIN of token “%1” on the card reader's keypad.</source>
        <translation>Hãy nhập mã PIN của token “%1” trên bàn phím của đầu đọc thẻ.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="666" />
        <source>Saved %1 root certificate(s) with a pinned fingerprint.</source>
        <translation>Đã lưu %1 chứng thư gốc đúng dấu vân tay đã ghim.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="733" />
        <source>Logged in; private keys checked.</source>
        <translation>Đã đăng nhập; đã kiểm tra khóa bí mật.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="746" />
        <source>Kyso</source>
        <translation>Kyso</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="433" />
        <source>Merge Phụ lục I reports</source>
        <translation>Gộp báo cáo Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="435" />
        <source>Reports of the units (.xlsx):</source>
        <translation>Báo cáo của các đơn vị (.xlsx):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="440" />
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="442" />
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="451" />
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="456" />
        <source>Merged file (.xlsx)</source>
        <translation>Tệp tổng hợp (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="459" />
        <source>e.g. Sở Khoa học và Công nghệ</source>
        <translation>ví dụ: Sở Khoa học và Công nghệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="460" />
        <source>Reporting unit</source>
        <translation>Đơn vị báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="461" />
        <source>Also write a CSV file next to it</source>
        <translation>Ghi thêm tệp CSV cùng thư mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="463" />
        <source>Replace files that already exist</source>
        <translation>Ghi đè tệp đã có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="483" />
        <source>Choose Phụ lục I files</source>
        <translation>Chọn các tệp Phụ lục I</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="484" />
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="492" />
        <source>Excel files (*.xlsx)</source>
        <translation>Tệp Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="491" />
        <source>Save the merged report</source>
        <translation>Lưu báo cáo tổng hợp</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="28" />
        <source>Enter PIN</source>
        <translation>Nhập mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="40" />
        <source>Token: %1 (serial %2)</source>
        <translation>Token: %1 (số sê-ri %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="54" />
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="56" />
        <source>Remember this token's PIN in the system keyring</source>
        <translation>Ghi nhớ mã PIN của token này trong kho khóa của hệ thống</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="59" />
        <source>Allowed by IT on this machine. Kyso then logs in without asking.</source>
        <translation>Bộ phận CNTT cho phép trên máy này. Lần sau Kyso đăng nhập không cần hỏi.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="66" />
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="67" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ReformPanel</name>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="290" />
        <source>Field</source>
        <translation>Trường thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="291" />
        <source>Current information</source>
        <translation>Thông tin hiện tại</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="293" />
        <source>Under the new model</source>
        <translation>Theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="296" />
        <source>Copy proposed values</source>
        <translation>Sao chép thông tin đề nghị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="298" />
        <source>Copy the new values as text for the change-request form (Form 04)</source>
        <translation>Sao chép thông tin mới dưới dạng văn bản để điền mẫu đề nghị thay đổi (Mẫu 04)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="300" />
        <source>Unit you work in now (new structure):</source>
        <translation>Đơn vị đang công tác (theo mô hình mới):</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="301" />
        <source>Type to search, without accents is fine</source>
        <translation>Gõ để tìm, có thể gõ không dấu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="302" />
        <source>Pick a unit…</source>
        <translation>Chọn đơn vị…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="401" />
        <source>(pick the unit below)</source>
        <translation>(chọn đơn vị ở bên dưới)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="407" />
        <source>→ change</source>
        <translation>→ đổi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="416" />
        <source>Changes under the new model</source>
        <translation>Thay đổi theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="450" />
        <source>File at the authorized focal point (Sở KHCN) of any of: %1</source>
        <translation>Nộp tại đầu mối được ủy quyền (Sở KHCN) của một trong các tỉnh: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="465" />
        <source>%1, now %2</source>
        <translation>%1, nay là %2</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="470" />
        <source>The certificate already matches the two-tier structure.</source>
        <translation>Chứng thư số đã phù hợp mô hình chính quyền địa phương hai cấp.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="471" />
        <source>The certificate's information is out of date.</source>
        <translation>Thông tin trên chứng thư số chưa cập nhật theo mô hình mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="472" />
        <source>The certificate names an abolished district-level body.</source>
        <translation>Chứng thư số ghi tên cơ quan cấp huyện đã kết thúc hoạt động.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="473" />
        <source>Kyso could not place this certificate in the new structure.</source>
        <translation>Kyso chưa xác định được chứng thư số này thuộc đơn vị nào trong mô hình mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="479" />
        <source>Nothing to do.</source>
        <translation>Không cần làm gì thêm.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="482" />
        <source>Check the subject by hand, or ask your unit's focal point for certificates.</source>
        <translation>Hãy kiểm tra thông tin chủ thể, hoặc hỏi đầu mối chứng thư số của đơn vị.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="486" />
        <source>Request the revocation of this certificate (Form 05, Decree 68/2024) and return the key device to the Authentication and Information Security Department.</source>
        <translation>Đề nghị thu hồi chứng thư số này (Mẫu 05, Nghị định 68/2024/NĐ-CP) và nộp lại thiết bị lưu khóa bí mật cho Cục Chứng thực số và Bảo mật thông tin.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="491" />
        <source>Request a change of information on this certificate (Form 04, Decree 68/2024) through dichvucong.ca.gov.vn — not a new certificate.</source>
        <translation>Đề nghị thay đổi nội dung thông tin của chứng thư số này (Mẫu 04, Nghị định 68/2024/NĐ-CP) qua dichvucong.ca.gov.vn — không đề nghị cấp chứng thư số mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/reform_panel.py" line="495" />
        <source>First pick the unit the holder works in now.</source>
        <translation>Trước hết hãy chọn đơn vị người ký đang công tác.</translation>
    </message>
</context>
<context>
    <name>SaveAsker</name>
    <message>
        <location filename="../../desktop/kyso/ui/save_asker.py" line="77" />
        <source>“%1” already exists. Do you want to replace it?</source>
        <translation>Tệp “%1” đã có. Bạn có muốn ghi đè không?</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="40" />
        <source>Settings</source>
        <translation>Thiết lập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="46" />
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="47" />
        <source>Extra PKCS#11 modules (one path per line)</source>
        <translation>Mô-đun PKCS#11 bổ sung (mỗi dòng một đường dẫn)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="48" />
        <source>Look for the known token drivers</source>
        <translation>Tìm các driver token đã biết</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="49" />
        <source>Token polling interval (ms)</source>
        <translation>Chu kỳ dò token (ms)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="50" />
        <source>Timestamp server (TSA) URL</source>
        <translation>Địa chỉ máy chủ cấp dấu thời gian (TSA)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="51" />
        <source>Trust anchors file or folder</source>
        <translation>Tệp/thư mục chứng thư gốc tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="52" />
        <source>Revocation look-up timeout (s)</source>
        <translation>Thời gian chờ tra cứu thu hồi (giây)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="53" />
        <source>Warn this many days before expiry</source>
        <translation>Cảnh báo trước khi hết hạn (ngày)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="55" />
        <source>Allow an out-of-date organization certificate to sign</source>
        <translation>Cho phép chứng thư tổ chức chưa cập nhật được ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="57" />
        <source>Allow keeping the PIN in the system keyring</source>
        <translation>Cho phép lưu mã PIN trong kho khóa của hệ thống</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="58" />
        <source>Inventory database file</source>
        <translation>Tệp cơ sở dữ liệu danh mục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="67" />
        <location filename="../../desktop/kyso/ui/settings_dialog.py" line="69" />
        <source>Locked by IT on this machine</source>
        <translation>Bộ phận CNTT đã khóa trên máy này</translation>
    </message>
</context>
<context>
    <name>SignPage</name>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="793" />
        <source>Approval (Phê duyệt)</source>
        <translation>Phê duyệt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="794" />
        <source>Issuance (Phát hành)</source>
        <translation>Phát hành</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="795" />
        <source>Appendix (Phụ lục)</source>
        <translation>Phụ lục</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="796" />
        <source>Copy (Bản sao)</source>
        <translation>Bản sao</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="797" />
        <source>Invisible (Không hiển thị)</source>
        <translation>Không hiển thị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="802" />
        <source>Trusted</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="803" />
        <source>Trusted, with warnings</source>
        <translation>Tin cậy, có lưu ý</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="804" />
        <source>Not trusted</source>
        <translation>Không tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="805" />
        <location filename="../../desktop/kyso/ui/sign_page.py" line="813" />
        <source>Not checked yet</source>
        <translation>Chưa kiểm tra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="809" />
        <source>New model</source>
        <translation>Mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="810" />
        <source>Needs a change of information</source>
        <translation>Cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="811" />
        <source>Unit abolished</source>
        <translation>Đơn vị đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="812" />
        <source>Unknown</source>
        <translation>Chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="817" />
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="819" />
        <source>Signed</source>
        <translation>Đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="821" />
        <source>Failed: %1</source>
        <translation>Lỗi: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="823" />
        <source>Not signed: the token was removed</source>
        <translation>Chưa ký: token đã bị rút ra</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="825" />
        <source>Not signed: the token was removed (left to sign)</source>
        <translation>Chưa ký: token đã bị rút ra (còn lại cần ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="827" />
        <source>Not signed: the audit log could not be written (left to sign)</source>
        <translation>Chưa ký: không ghi được nhật ký kiểm tra (còn lại chưa ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="829" />
        <source>Not signed: cancelled</source>
        <translation>Chưa ký: đã hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="833" />
        <source>Signing certificate</source>
        <translation>Chứng thư ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="835" />
        <source>Certificate</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="835" />
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="835" />
        <source>Trust</source>
        <translation>Tin cậy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="835" />
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="837" />
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="838" />
        <source>Signature</source>
        <translation>Chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="839" />
        <source>Profile:</source>
        <translation>Kiểu ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="840" />
        <source>Level:</source>
        <translation>Mức chữ ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="841" />
        <source>Number and symbol:</source>
        <translation>Số, ký hiệu:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="842" />
        <source>Organization:</source>
        <translation>Cơ quan:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="843" />
        <source>e.g. 123/QĐ-UBND</source>
        <translation>ví dụ: 123/QĐ-UBND</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="846" />
        <source>Signed files</source>
        <translation>Tệp đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="848" />
        <source>Beside each input, as &lt;name&gt;%1</source>
        <translation>Cạnh tệp gốc, đặt tên &lt;tên&gt;%1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="850" />
        <source>In this folder:</source>
        <translation>Trong thư mục:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="851" />
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="852" />
        <source>PDF files (drop files or folders here)</source>
        <translation>Tệp PDF (kéo thả tệp hoặc thư mục vào đây)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="853" />
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="853" />
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="853" />
        <source>Signed file</source>
        <translation>Tệp đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="854" />
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="855" />
        <source>Add a folder…</source>
        <translation>Thêm thư mục…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="856" />
        <source>Remove</source>
        <translation>Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="857" />
        <source>Clear</source>
        <translation>Xóa danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="858" />
        <source>Place of the signature (click or drag on the page)</source>
        <translation>Vị trí chữ ký (bấm hoặc kéo trên trang)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="859" />
        <source>Page:</source>
        <translation>Trang:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="860" />
        <source>Default place</source>
        <translation>Vị trí mặc định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="861" />
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1349" />
        <source>Sign</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="862" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1045" />
        <source>Seal image:</source>
        <translation>Ảnh con dấu:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1046" />
        <source>Choose the seal (PNG)…</source>
        <translation>Chọn ảnh con dấu (PNG)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1048" />
        <source>Signature image:</source>
        <translation>Ảnh chữ ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1049" />
        <source>Choose the signature (PNG)…</source>
        <translation>Chọn ảnh chữ ký (PNG)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1051" />
        <source>Not used by this profile</source>
        <translation>Kiểu ký này không dùng ảnh</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1054" />
        <source>None chosen (the signer's name is shown instead)</source>
        <translation>Chưa chọn (hiển thị tên người ký thay cho ảnh)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1056" />
        <source>None chosen (text only)</source>
        <translation>Chưa chọn (chỉ có chữ)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1064" />
        <source>Choose a transparent PNG</source>
        <translation>Chọn ảnh PNG nền trong suốt</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1065" />
        <source>PNG images (*.png)</source>
        <translation>Ảnh PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1117" />
        <source>Invisible signature: no place on the page</source>
        <translation>Chữ ký không hiển thị: không đặt trên trang</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1119" />
        <source>The profile's default place</source>
        <translation>Vị trí mặc định của kiểu ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1122" />
        <source>Page %1, box %2 (points)</source>
        <translation>Trang %1, khung %2 (điểm)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1130" />
        <source>Add PDF files to sign</source>
        <translation>Thêm tệp PDF cần ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1131" />
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1140" />
        <source>Add a folder of PDF files</source>
        <translation>Thêm thư mục chứa tệp PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1150" />
        <source>Folder for the signed files</source>
        <translation>Thư mục lưu tệp đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1178" />
        <source>Looking for PDF files in the folder…</source>
        <translation>Đang tìm tệp PDF trong thư mục…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1377" />
        <source>Checking the certificate…</source>
        <translation>Đang kiểm tra chứng thư…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1423" />
        <source>Emergency signature: confirm the urgency and give a reason.</source>
        <translation>Ký khẩn cấp: xác nhận tính khẩn cấp và nêu lý do.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1431" />
        <source>This certificate may not sign:</source>
        <translation>Chứng thư này không được dùng để ký:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1443" />
        <source>Not signed: the emergency was not confirmed.</source>
        <translation>Chưa ký: chưa xác nhận trường hợp khẩn cấp.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1454" />
        <source>The token's PKCS#11 module is gone; insert the token again and retry.</source>
        <translation>Không tìm thấy mô-đun PKCS#11 của token; cắm lại token rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1464" />
        <source>Could not read the image %1: %2.</source>
        <translation>Không đọc được ảnh %1: %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1486" />
        <source>Choose the folder for the signed files first.</source>
        <translation>Chưa chọn thư mục lưu tệp đã ký.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1499" />
        <source>Sign %1 PDF file(s) with “%2”</source>
        <translation>Ký %1 tệp PDF bằng chứng thư “%2”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1524" />
        <source>Logging in to the token…</source>
        <translation>Đang đăng nhập token…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1541" />
        <source>Cancelling after the current file…</source>
        <translation>Sẽ dừng sau tệp đang ký…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1551" />
        <source>Signing %1 (%2 of %3)…</source>
        <translation>Đang ký %1 (%2/%3)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1571" />
        <source>Signed %1 of %2 files; %3 failed.</source>
        <translation>Đã ký %1/%2 tệp; %3 tệp lỗi.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1582" />
        <source>Left to sign: %1</source>
        <translation>Còn lại chưa ký: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/sign_page.py" line="1586" />
        <source>Cancelled: %1 files not signed.</source>
        <translation>Đã hủy: %1 tệp chưa ký.</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="144" />
        <source>Unit name</source>
        <translation>Tên đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="145" />
        <source>Staff (CBCCVC)</source>
        <translation>Số CBCCVC</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="146" />
        <source>Organization certificates needed</source>
        <translation>Số chứng thư tổ chức cần có</translation>
    </message>
</context>
<context>
    <name>UnitPickerDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="161" />
        <source>Choose the unit</source>
        <translation>Chọn đơn vị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/inventory_page.py" line="171" />
        <source>Use this unit for the next tokens too</source>
        <translation>Dùng đơn vị này cho các token tiếp theo</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="361" />
        <source>Open PDF files…</source>
        <translation>Mở tệp PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="362" />
        <source>Open a folder…</source>
        <translation>Mở thư mục…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="363" />
        <source>Offline (no revocation look-ups)</source>
        <translation>Ngoại tuyến (không tra cứu thu hồi qua mạng)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="364" />
        <source>Export report (PDF)…</source>
        <translation>Xuất báo cáo (PDF)…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="365" />
        <source>Export JSON…</source>
        <translation>Xuất JSON…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="366" />
        <source>Clear</source>
        <translation>Xóa danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="367" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="368" />
        <source>Document / signature</source>
        <translation>Văn bản / chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="368" />
        <location filename="../../desktop/kyso/ui/verify_page.py" line="674" />
        <source>Conclusion</source>
        <translation>Kết luận</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="371" />
        <location filename="../../desktop/kyso/ui/verify_page.py" line="462" />
        <source>Drop signed PDF files or folders here, or open them with the buttons.</source>
        <translation>Kéo thả tệp PDF đã ký hoặc thư mục vào đây, hoặc mở bằng các nút phía trên.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="391" />
        <source>Valid</source>
        <translation>Hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="392" />
        <source>Indeterminate</source>
        <translation>Chưa xác định được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="393" />
        <source>Invalid</source>
        <translation>Không hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="394" />
        <source>Could not be checked</source>
        <translation>Không kiểm tra được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="409" />
        <source>Open signed PDF files</source>
        <translation>Mở tệp PDF đã ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="409" />
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="415" />
        <source>Open a folder of PDF files</source>
        <translation>Mở thư mục chứa tệp PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="443" />
        <source>Checking signatures…</source>
        <translation>Đang kiểm tra chữ ký…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="450" />
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="493" />
        <source>Checked %1 of %2 files</source>
        <translation>Đã kiểm tra %1/%2 tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="525" />
        <source>%1 documents checked: %2 valid, %3 with an invalid signature</source>
        <translation>Đã kiểm tra %1 văn bản: %2 hợp lệ, %3 có chữ ký không hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="527" />
        <source>Cancelled after %1 documents: %2 valid, %3 with an invalid signature</source>
        <translation>Đã hủy sau %1 văn bản: %2 hợp lệ, %3 có chữ ký không hợp lệ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="644" />
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="644" />
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="646" />
        <source>the whole file</source>
        <translation>toàn bộ tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="647" />
        <source>the whole signed revision (updated later)</source>
        <translation>toàn bộ phiên bản đã ký (có cập nhật sau đó)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="648" />
        <source>only part of the document</source>
        <translation>chỉ một phần văn bản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="651" />
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="652" />
        <source>allowed changes (signatures, form filling, validation data)</source>
        <translation>thay đổi được phép (ký thêm, điền biểu mẫu, dữ liệu kiểm tra)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="653" />
        <source>changes that are NOT allowed</source>
        <translation>thay đổi KHÔNG được phép</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="656" />
        <source>not revoked</source>
        <translation>chưa bị thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="657" />
        <source>REVOKED</source>
        <translation>ĐÃ BỊ THU HỒI</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="658" />
        <source>not known</source>
        <translation>chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="661" />
        <source>data embedded in the document</source>
        <translation>dữ liệu kèm trong văn bản</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="662" />
        <source>cached data</source>
        <translation>dữ liệu lưu đệm</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="663" />
        <source>online look-up</source>
        <translation>tra cứu trực tuyến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="667" />
        <source>on the new model</source>
        <translation>đã theo mô hình mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="668" />
        <source>needs a change of information</source>
        <translation>cần thay đổi thông tin</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="669" />
        <source>district-level unit abolished</source>
        <translation>đơn vị cấp huyện đã giải thể</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="670" />
        <source>not determined</source>
        <translation>chưa xác định</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="682" />
        <source>Signer</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="683" />
        <source>Organization</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="684" />
        <source>Certificate SHA-256</source>
        <translation>SHA-256 của chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="685" />
        <source>Two-tier model</source>
        <translation>Mô hình hai cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="686" />
        <source>Signing time (claimed)</source>
        <translation>Thời gian ký (người ký ghi)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="687" />
        <source>Timestamp</source>
        <translation>Dấu thời gian</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="688" />
        <source>Intact</source>
        <translation>Toàn vẹn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="689" />
        <source>Signature covers</source>
        <translation>Phạm vi chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="690" />
        <source>Changes after signing</source>
        <translation>Thay đổi sau khi ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="691" />
        <source>Trusted at signing time</source>
        <translation>Tin cậy tại thời điểm ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="692" />
        <source>Trusted now</source>
        <translation>Tin cậy hiện nay</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="693" />
        <source>Revocation</source>
        <translation>Thu hồi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="694" />
        <source>PAdES level</source>
        <translation>Mức PAdES</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="700" />
        <source>Visible signature</source>
        <translation>Hình chữ ký</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="701" />
        <source>page %1</source>
        <translation>trang %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="709" />
        <source>Signature “%1”</source>
        <translation>Chữ ký “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="710" />
        <source>Chain</source>
        <translation>Chuỗi chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="722" />
        <location filename="../../desktop/kyso/ui/verify_page.py" line="737" />
        <location filename="../../desktop/kyso/ui/verify_page.py" line="750" />
        <source>Signature verification report</source>
        <translation>Báo cáo kiểm tra chữ ký số</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="761" />
        <source>Writing the report…</source>
        <translation>Đang ghi báo cáo…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="767" />
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="778" />
        <source>Export report (PDF)</source>
        <translation>Xuất báo cáo (PDF)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/verify_page.py" line="783" />
        <source>Export JSON</source>
        <translation>Xuất JSON</translation>
    </message>
</context>
</TS>