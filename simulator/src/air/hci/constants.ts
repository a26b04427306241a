/**
 * HCI numbers the virtual controller speaks (Bluetooth Core 5.4, Vol 4 Part E).
 * Opcode = OGF << 10 | OCF (§5.4.1).
 */

/** H4 packet indicators (Vol 4 Part A §2). */
export const H4 = { COMMAND: 0x01, ACL: 0x02, SCO: 0x03, EVENT: 0x04, ISO: 0x05 } as const;

export const opcode = (ogf: number, ocf: number): number => ((ogf & 0x3f) << 10) | (ocf & 0x3ff);

/** Command opcodes (Vol 4 Part E §7.1–§7.8). */
export const Op = {
  DISCONNECT: opcode(0x01, 0x0006), // §7.1.6
  READ_REMOTE_VERSION: opcode(0x01, 0x001d), // §7.1.23
  SET_EVENT_MASK: opcode(0x03, 0x0001), // §7.3.1
  RESET: opcode(0x03, 0x0003), // §7.3.2
  SET_EVENT_FILTER: opcode(0x03, 0x0005), // §7.3.3 (BR/EDR only)
  READ_TX_POWER_LEVEL: opcode(0x03, 0x002d), // §7.3.35
  SET_EVENT_MASK_PAGE_2: opcode(0x03, 0x0063), // §7.3.69
  READ_LE_HOST_SUPPORT: opcode(0x03, 0x006c), // §7.3.78
  WRITE_LE_HOST_SUPPORT: opcode(0x03, 0x006d), // §7.3.79
  READ_LOCAL_VERSION: opcode(0x04, 0x0001), // §7.4.1
  READ_LOCAL_COMMANDS: opcode(0x04, 0x0002), // §7.4.2
  READ_LOCAL_FEATURES: opcode(0x04, 0x0003), // §7.4.3
  READ_BUFFER_SIZE: opcode(0x04, 0x0005), // §7.4.5
  READ_BD_ADDR: opcode(0x04, 0x0009), // §7.4.6
  READ_RSSI: opcode(0x05, 0x0005), // §7.5.4
  LE_SET_EVENT_MASK: opcode(0x08, 0x0001), // §7.8.1
  LE_READ_BUFFER_SIZE: opcode(0x08, 0x0002), // §7.8.2
  LE_READ_LOCAL_FEATURES: opcode(0x08, 0x0003), // §7.8.3
  LE_SET_RANDOM_ADDRESS: opcode(0x08, 0x0005), // §7.8.4
  LE_SET_ADV_PARAMS: opcode(0x08, 0x0006), // §7.8.5
  LE_READ_ADV_TX_POWER: opcode(0x08, 0x0007), // §7.8.6
  LE_SET_ADV_DATA: opcode(0x08, 0x0008), // §7.8.7
  LE_SET_SCAN_RSP_DATA: opcode(0x08, 0x0009), // §7.8.8
  LE_SET_ADV_ENABLE: opcode(0x08, 0x000a), // §7.8.9
  LE_SET_SCAN_PARAMS: opcode(0x08, 0x000b), // §7.8.10
  LE_SET_SCAN_ENABLE: opcode(0x08, 0x000c), // §7.8.11
  LE_CREATE_CONN: opcode(0x08, 0x000d), // §7.8.12
  LE_CREATE_CONN_CANCEL: opcode(0x08, 0x000e), // §7.8.13
  LE_READ_FAL_SIZE: opcode(0x08, 0x000f), // §7.8.14
  LE_CLEAR_FAL: opcode(0x08, 0x0010), // §7.8.15
  LE_CONN_UPDATE: opcode(0x08, 0x0013), // §7.8.18
  LE_READ_REMOTE_FEATURES: opcode(0x08, 0x0016), // §7.8.21
  LE_RAND: opcode(0x08, 0x0018), // §7.8.23
  LE_START_ENCRYPTION: opcode(0x08, 0x0019), // §7.8.24
  LE_LTK_NEG_REPLY: opcode(0x08, 0x001b), // §7.8.26
  LE_READ_SUPPORTED_STATES: opcode(0x08, 0x001c), // §7.8.27
  LE_SET_DATA_LENGTH: opcode(0x08, 0x0022), // §7.8.33
  LE_READ_SUGGESTED_DATA_LENGTH: opcode(0x08, 0x0023), // §7.8.34
  LE_WRITE_SUGGESTED_DATA_LENGTH: opcode(0x08, 0x0024), // §7.8.35
  LE_READ_MAX_DATA_LENGTH: opcode(0x08, 0x002f), // §7.8.46
  LE_SET_PHY: opcode(0x08, 0x0031), // §7.8.49
  LE_SET_EXT_SCAN_PARAMS: opcode(0x08, 0x0041), // §7.8.64
  LE_SET_EXT_SCAN_ENABLE: opcode(0x08, 0x0042), // §7.8.65
  LE_EXT_CREATE_CONN: opcode(0x08, 0x0043), // §7.8.66
} as const;

/** Event codes (Vol 4 Part E §7.7). */
export const Evt = {
  DISCONNECTION_COMPLETE: 0x05, // §7.7.5
  ENCRYPTION_CHANGE: 0x08, // §7.7.8
  COMMAND_COMPLETE: 0x0e, // §7.7.14
  COMMAND_STATUS: 0x0f, // §7.7.15
  HARDWARE_ERROR: 0x10, // §7.7.16
  NUMBER_OF_COMPLETED_PACKETS: 0x13, // §7.7.19
  DATA_BUFFER_OVERFLOW: 0x1a, // §7.7.26
  LE_META: 0x3e, // §7.7.65
} as const;

/** LE Meta subevent codes (Vol 4 Part E §7.7.65.x). */
export const LeSub = {
  CONNECTION_COMPLETE: 0x01, // §7.7.65.1
  ADVERTISING_REPORT: 0x02, // §7.7.65.2
  CONNECTION_UPDATE_COMPLETE: 0x03, // §7.7.65.3
  DATA_LENGTH_CHANGE: 0x07, // §7.7.65.7
} as const;

/** Error codes (Vol 1 Part F §1.3). */
export const Status = {
  SUCCESS: 0x00,
  UNKNOWN_COMMAND: 0x01,
  UNKNOWN_CONNECTION_ID: 0x02,
  HARDWARE_FAILURE: 0x03,
  PAGE_TIMEOUT: 0x04,
  MEMORY_CAPACITY_EXCEEDED: 0x07,
  CONNECTION_TIMEOUT: 0x08,
  CONNECTION_LIMIT_EXCEEDED: 0x09,
  COMMAND_DISALLOWED: 0x0c,
  UNSUPPORTED_FEATURE: 0x11,
  INVALID_PARAMETERS: 0x12,
  REMOTE_USER_TERMINATED: 0x13,
  LOCAL_HOST_TERMINATED: 0x16,
  UNSUPPORTED_REMOTE_FEATURE: 0x1a,
  CONNECTION_FAILED_TO_ESTABLISH: 0x3e,
} as const;

/** ACL Packet_Boundary_Flag values (Vol 4 Part E §5.4.2). */
export const Pb = {
  FIRST_NON_FLUSHABLE: 0b00,
  CONTINUING: 0b01,
  FIRST_FLUSHABLE: 0b10,
} as const;

/** Legacy advertising PDU types as reported in Event_Type (§7.7.65.2). */
export const AdvReportType = {
  ADV_IND: 0x00,
  ADV_DIRECT_IND: 0x01,
  ADV_SCAN_IND: 0x02,
  ADV_NONCONN_IND: 0x03,
  SCAN_RSP: 0x04,
} as const;

export const hex16 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
