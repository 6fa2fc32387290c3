<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="67" />
        <location filename="../../desktop/kyso/ui/details.py" line="87" />
        <source>Label</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="68" />
        <source>Manufacturer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="69" />
        <source>Model</source>
        <translation>Kiểu thiết bị</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="70" />
        <source>Serial number</source>
        <translation>Số sê-ri</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="71" />
        <source>PIN state</source>
        <translation>Trạng thái mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="72" />
        <source>PIN entry</source>
        <translation>Nhập mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="72" />
        <source>On the reader's keypad</source>
        <translation>Trên bàn phím của đầu đọc</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="72" />
        <source>In Kyso</source>
        <translation>Trong Kyso</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="73" />
        <source>Certificates</source>
        <translation>Chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="74" />
        <source>CA certificates</source>
        <translation>Chứng thư CA</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="75" />
        <source>PKCS#11 module</source>
        <translation>Mô-đun PKCS#11</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="78" />
        <location filename="../../desktop/kyso/ui/details.py" line="89" />
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="79" />
        <source>Token “%1”</source>
        <translation>Token “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="85" />
        <source>Unreadable certificate</source>
        <translation>Chứng thư không đọc được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="88" />
        <source>Key ID</source>
        <translation>Mã khóa (Key ID)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="90" />
        <source>What to do</source>
        <translation>Cần làm gì</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="90" />
        <source>The token holds a certificate object Kyso cannot parse. Ask the issuing CA to check the token.</source>
        <translation>Token chứa một đối tượng chứng thư mà Kyso không đọc được. Đề nghị đơn vị cấp chứng thư kiểm tra lại token.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="98" />
        <source>expired %1 days ago</source>
        <translation>đã hết hạn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="100" />
        <source>%1 days left</source>
        <translation>còn %1 ngày</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="102" />
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="103" />
        <location filename="../../desktop/kyso/ui/details.py" line="116" />
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="104" />
        <source>Unknown until login</source>
        <translation>Chưa biết (cần đăng nhập)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="110" />
        <source>Issuer</source>
        <translation>Đơn vị cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="111" />
        <source>Valid from</source>
        <translation>Hiệu lực từ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="112" />
        <source>Valid until</source>
        <translation>Hiệu lực đến</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="113" />
        <source>Serial</source>
        <translation>Số hiệu</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="114" />
        <source>Key usage</source>
        <translation>Mục đích sử dụng khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="114" />
        <source>(not restricted)</source>
        <translation>(không giới hạn)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="115" />
        <source>Private key on token</source>
        <translation>Khóa bí mật trên token</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="116" />
        <source>CA certificate</source>
        <translation>Chứng thư CA</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="116" />
        <source>Yes (not for signing)</source>
        <translation>Có (không dùng để ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="117" />
        <source>SHA-256 fingerprint</source>
        <translation>Dấu vân tay SHA-256</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="118" />
        <source>Key ID (CKA_ID)</source>
        <translation>Mã khóa (CKA_ID)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/details.py" line="121" />
        <source>Email</source>
        <translation>Thư điện tử</translation>
    </message>
</context>
<context>
    <name>DeviceModel</name>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="33" />
        <source>Device / certificate</source>
        <translation>Thiết bị / chứng thư</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="33" />
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="33" />
        <source>Expires</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="49" />
        <source>Loaded</source>
        <translation>Đã nạp</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="49" />
        <source>Failed to load</source>
        <translation>Không nạp được</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="78" />
        <source>CA certificates (not for signing)</source>
        <translation>Chứng thư CA (không dùng để ký)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="111" />
        <source>Unreadable certificate “%1”</source>
        <translation>Chứng thư không đọc được “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="131" />
        <source>PIN locked</source>
        <translation>PIN bị khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="133" />
        <source>PIN: final try</source>
        <translation>PIN: lần thử cuối</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="135" />
        <source>PIN: wrong tries</source>
        <translation>PIN: đã nhập sai</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/device_model.py" line="136" />
        <source>PIN OK</source>
        <translation>PIN bình thường</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="84" />
        <source>No signing token found</source>
        <translation>Chưa thấy token ký số nào</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="85" />
        <source>Insert your USB token (VGCA Bit4id or SafeNet, or another CA's token). It appears here within a second.</source>
        <translation>Hãy cắm token USB (Bit4id hoặc SafeNet của Ban Cơ yếu, hoặc token của CA khác). Token sẽ hiện ở đây trong vòng một giây.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="86" />
        <source>Kyso looks for these drivers in their usual places:</source>
        <translation>Kyso tìm các trình điều khiển (driver) sau ở vị trí cài đặt thông thường:</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="88" />
        <source>If your token's driver is installed elsewhere, add its PKCS#11 module path to the setting “pkcs11_modules” or to the environment variable KYSO_PKCS11_MODULES.</source>
        <translation>Nếu driver của token cài ở nơi khác, thêm đường dẫn mô-đun PKCS#11 vào thiết lập “pkcs11_modules” hoặc biến môi trường KYSO_PKCS11_MODULES.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="90" />
        <source>Try the DEMO token</source>
        <translation>Dùng thử token DEMO</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="165" />
        <source>Kyso — public-service digital signatures</source>
        <translation>Kyso — chữ ký số chuyên dùng công vụ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="166" />
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="167" />
        <source>Log in to check keys</source>
        <translation>Đăng nhập để kiểm tra khóa</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="168" />
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="172" />
        <source>Looking for tokens…</source>
        <translation>Đang tìm token…</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="235" />
        <source>Token inserted: %1</source>
        <translation>Đã cắm token: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="240" />
        <source>Token removed: %1</source>
        <translation>Đã rút token: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="245" />
        <source>Token removed</source>
        <translation>Token đã bị rút</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="246" />
        <source>Token “%1” was removed while Kyso was using it. The session was closed; insert the token again and repeat what you were doing.</source>
        <translation>Token “%1” đã bị rút ra khi Kyso đang dùng. Phiên làm việc đã đóng; hãy cắm lại token và thực hiện lại thao tác.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="336" />
        <source>Logged in; private keys checked.</source>
        <translation>Đã đăng nhập; đã kiểm tra khóa bí mật.</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/main_window.py" line="342" />
        <source>Kyso</source>
        <translation>Kyso</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="25" />
        <source>Enter PIN</source>
        <translation>Nhập mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="35" />
        <source>Token: %1 (serial %2)</source>
        <translation>Token: %1 (số sê-ri %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="45" />
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="50" />
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/kyso/ui/pin_dialog.py" line="51" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
</TS>