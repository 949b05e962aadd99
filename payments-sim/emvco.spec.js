'use strict';
const { crc16, crcValid, dynamicQris, encode, parse, tlv } = require('./emvco');

describe('EMVCo / QRIS payloads', () => {
  it('computes CRC-16/CCITT-FALSE (check value of "123456789" is 29B1)', () => {
    expect(crc16('123456789')).toBe('29B1');
    expect(crc16('')).toBe('FFFF');
  });

  it('encodes a field as tag, two-digit length, value', () => {
    expect(tlv('54', '220000')).toBe('5406220000');
    expect(
      encode([
        ['00', '01'],
        ['62', [['05', 'ABC']]],
      ]),
    ).toBe('000201620705' + '03ABC');
    expect(() => tlv('5', 'x')).toThrow('two digits');
    expect(() => tlv('59', 'x'.repeat(100))).toThrow('longer than 99');
  });

  const payload = dynamicQris({
    amount: 220000,
    merchantName: 'Koperasi Tani Mulus — Gelombang',
    merchantCity: 'Jakarta Selatan',
    postalCode: '12610',
    nmid: 'ID1020012345678',
    merchantPan: '936008990000012345',
    reference: 'qr_0123456789abcdef0123456789',
  });

  it('builds a dynamic QRIS payload: tag 01 = 12, IDR amount, CRC in tag 63', () => {
    const fields = parse(payload);
    expect(fields['00']).toBe('01');
    expect(fields['01']).toBe('12');
    expect(fields['53']).toBe('360');
    expect(fields['54']).toBe('220000');
    expect(fields['58']).toBe('ID');
    expect(fields['59']).toBe('KOPERASI TANI MULUS  GELO');
    expect(fields['60']).toBe('JAKARTA SELATAN');
    expect(parse(fields['51'])).toEqual({ '00': 'ID.CO.QRIS.WWW', '02': 'ID1020012345678', '03': 'UMI' });
    expect(parse(fields['62'])['05']).toBe('QR_0123456789ABCDEF012345');
    expect(fields['63']).toBe(payload.slice(-4));
    expect(payload.slice(-8, -4)).toBe('6304');
    expect(crcValid(payload)).toBe(true);
  });

  it('detects a changed payload or CRC', () => {
    expect(crcValid(payload.replace('5406220000', '5406110000'))).toBe(false);
    expect(crcValid(`${payload.slice(0, -4)}0000`)).toBe(false);
    expect(() => parse('5499x')).toThrow('Malformed');
  });

  it('refuses an amount that is not whole rupiah', () => {
    expect(() =>
      dynamicQris({ amount: 1000.5, merchantName: 'x', merchantCity: 'x', postalCode: '1', nmid: 'x', merchantPan: 'x', reference: 'x' }),
    ).toThrow('whole');
  });
});
