'use strict';
/**
 * EMVCo merchant-presented QR payloads as QRIS uses them: a string of TLV fields (two-digit tag,
 * two-digit length, value), ending with tag 63, a CRC-16/CCITT-FALSE over everything before its
 * value (the "6304" included). Pure functions, shared by the simulator and the tests.
 */

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as four upper-case hex digits. */
function crc16(text) {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** One TLV field; a value longer than 99 characters cannot be encoded. */
function tlv(tag, value) {
  const text = String(value);
  if (!/^\d{2}$/.test(tag)) throw new Error(`EMVCo tag must be two digits: ${tag}`);
  if (text.length > 99) throw new Error(`EMVCo field ${tag} is longer than 99 characters`);
  return `${tag}${String(text.length).padStart(2, '0')}${text}`;
}

/** Fields in order; a nested array of [tag, value] pairs becomes a template (26–51, 62). */
function encode(fields) {
  return fields.map(([tag, value]) => tlv(tag, Array.isArray(value) ? encode(value) : value)).join('');
}

/** Appends tag 63 with the CRC of the payload. */
function withCrc(payload) {
  const head = `${payload}6304`;
  return `${head}${crc16(head)}`;
}

/** Splits a TLV string into {tag: value}; throws on a malformed length. */
function parse(text) {
  const fields = {};
  let at = 0;
  while (at < text.length) {
    const tag = text.slice(at, at + 2);
    const length = Number(text.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(tag) || !Number.isInteger(length) || at + 4 + length > text.length) {
      throw new Error(`Malformed EMVCo field at position ${at}`);
    }
    fields[tag] = text.slice(at + 4, at + 4 + length);
    at += 4 + length;
  }
  return fields;
}

/** True when tag 63 is last and holds the right CRC. */
function crcValid(text) {
  return text.length > 8 && text.slice(-8, -4) === '6304' && crc16(text.slice(0, -4)) === text.slice(-4);
}

/** Amounts are whole rupiah; ASCII letters only in names (the QR standard's character set, upper case by custom). */
const plain = (text, max) =>
  String(text)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toUpperCase()
    .slice(0, max);

/**
 * A dynamic QRIS payload (tag 01 = 12: one payment, for this amount): QRIS merchant account
 * (tag 51, national merchant id), category, currency 360 (IDR), amount, merchant, and the
 * reference label in the additional data (tag 62.05) that the acquirer echoes back.
 */
function dynamicQris({
  amount,
  merchantName,
  merchantCity,
  postalCode,
  nmid,
  merchantPan,
  reference,
  acquirerGuid = 'ID.CO.XENDIT.WWW',
  mcc = '5411',
}) {
  if (!Number.isInteger(amount) || amount <= 0) throw new Error('amount must be a positive whole number of rupiah');
  return withCrc(
    encode([
      ['00', '01'],
      ['01', '12'],
      [
        '26',
        [
          ['00', acquirerGuid],
          ['01', merchantPan],
          ['02', nmid],
          ['03', 'UMI'],
        ],
      ],
      [
        '51',
        [
          ['00', 'ID.CO.QRIS.WWW'],
          ['02', nmid],
          ['03', 'UMI'],
        ],
      ],
      ['52', mcc],
      ['53', '360'],
      ['54', String(amount)],
      ['58', 'ID'],
      ['59', plain(merchantName, 25)],
      ['60', plain(merchantCity, 15)],
      ['61', postalCode],
      ['62', [['05', plain(reference, 25)]]],
    ]),
  );
}

module.exports = { crc16, tlv, encode, withCrc, parse, crcValid, dynamicQris };
