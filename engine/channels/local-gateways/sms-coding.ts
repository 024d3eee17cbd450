/**
 * Turns an SMPP `short_message` / `message_payload` back into text according to `data_coding`.
 *
 * The smpp package decodes in place while it parses a PDU: 0x00 (SMSC default, read as GSM 03.38),
 * 0x01 (IA5/ASCII, also its GSM coder), 0x03 (Latin-1) and 0x08 (UCS-2) arrive here as strings; every
 * other coding arrives as the raw bytes. It has no coder for 0x0E (KS C 5601), the coding Korean
 * carriers use for EUC-KR text, so that one is decoded here with iconv-lite.
 */
import iconv from 'iconv-lite';
import smpp from 'smpp';

export const DATA_CODING = {
  SMSC_DEFAULT: 0x00,
  IA5: 0x01,
  LATIN1: 0x03,
  BINARY: 0x04,
  UCS2: 0x08,
  KS_C_5601: 0x0e,
} as const;

/** The coding names the smpp package's own coders use, for the codings it decodes itself. */
const PACKAGE_CODER: Record<number, string> = { 0x00: 'ASCII', 0x01: 'ASCII', 0x03: 'LATIN1', 0x08: 'UCS2' };

export interface DecodedSms {
  text: string;
  /** Bytes of the message text (UDH excluded). */
  bytes: number;
}

export function decodeSmsText(dataCoding: number, message: string | Buffer): DecodedSms {
  if (typeof message === 'string') {
    // Decoded by the package, which keeps no copy of the bytes: count them with the package's own encoder
    // (exact for UCS-2 and Latin-1; for GSM one byte per septet, i.e. unpacked, as SMPP carries it).
    const coder = smpp.encodings[PACKAGE_CODER[dataCoding & 0x0f] ?? 'ASCII'];
    return { text: message, bytes: coder.encode(message).length };
  }
  const bytes = message.length;
  switch (dataCoding) {
    case DATA_CODING.KS_C_5601:
      return { text: iconv.decode(message, 'euc-kr'), bytes };
    case DATA_CODING.UCS2:
      return { text: iconv.decode(message, 'utf16-be'), bytes };
    case DATA_CODING.BINARY:
      return { text: message.toString('hex'), bytes };
    default:
      // A coding this server does not know: keep something readable rather than dropping the message.
      return { text: message.toString('latin1'), bytes };
  }
}

/** Encodes text for a `short_message` the package cannot encode itself (EUC-KR for data_coding 0x0E). */
export function encodeEucKr(text: string): Buffer {
  return iconv.encode(text, 'euc-kr');
}
