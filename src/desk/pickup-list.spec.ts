import type { DeskOrderRecord } from './desk-orders.repository';
import { escapeHtml, pickupListCsv, pickupListHtml, safeCell } from './pickup-list';

const buyer = (name = 'Siti Rahmawati'): DeskOrderRecord['buyer'] => ({
  id: 'b1',
  nip: '198503122010012001',
  name,
  agency: 'Kementerian Koperasi dan UKM',
  phone: '081234567890',
});

const row = (over: Partial<DeskOrderRecord>): DeskOrderRecord =>
  ({
    id: 'o1',
    pickupCode: 'K7Q-M3X',
    status: 'paid',
    fulfilment: 'pickup',
    deliveryAddress: null,
    totalKg: 20,
    totalRp: 220000,
    buyer: buyer(),
    items: [
      { packId: 'p5', productName: 'Beras', sizeKg: 5, quantity: 2 },
      { packId: 'p10', productName: 'Beras', sizeKg: 10, quantity: 1 },
    ],
    payment: { id: 'pay1' },
    handedInPart: [],
    ...over,
  }) as DeskOrderRecord;

describe('pickup list', () => {
  it('writes one CSV line per order with packs, paid and fulfilment', () => {
    const csv = pickupListCsv([
      row({}),
      row({
        pickupCode: 'ABC-DEF',
        status: 'placed' as never,
        payment: null,
        fulfilment: 'delivery',
        deliveryAddress: 'Jl. Kebagusan Raya 7, Pasar Minggu',
      }),
    ]);
    expect(csv.split('\r\n')).toEqual([
      'pickup_code,buyer,nip,agency,phone,packs,total_kg,total_rp,paid,fulfilment,delivery_address,status',
      'K7Q-M3X,Siti Rahmawati,198503122010012001,Kementerian Koperasi dan UKM,081234567890,"2 x 5 kg, 1 x 10 kg",20,220000,yes,pickup,,paid',
      'ABC-DEF,Siti Rahmawati,198503122010012001,Kementerian Koperasi dan UKM,081234567890,"2 x 5 kg, 1 x 10 kg",20,220000,no,delivery,"Jl. Kebagusan Raya 7, Pasar Minggu",placed',
      '',
    ]);
  });

  it('defuses spreadsheet formulas in text buyers typed', () => {
    expect(safeCell('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(safeCell('-1+2')).toBe("'-1+2");
    expect(safeCell('Budi')).toBe('Budi');
    expect(pickupListCsv([row({ buyer: buyer('@SUM(A1)') })])).toContain(`'@SUM(A1)`);
  });

  it('escapes HTML in the printable page', () => {
    expect(escapeHtml('<script>"x" & \'y\'</script>')).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
    const html = pickupListHtml(
      { pointName: 'Lenteng Agung', pointAddress: 'Jl. Raya Lenteng Agung', waveName: 'Gelombang I', handOutDate: '2020-04-10' },
      [row({ buyer: buyer('<b>Budi</b>') })],
    );
    expect(html).toContain('&lt;b&gt;Budi&lt;/b&gt;');
    expect(html).not.toContain('<b>Budi</b>');
    expect(html).toContain('K7Q-M3X');
    expect(html).toContain('Rp 220.000');
  });

  it('marks an order handed over in part with what is still owed', () => {
    const html = pickupListHtml({ pointName: 'Lenteng Agung', pointAddress: '-', waveName: 'Gelombang I', handOutDate: '2020-04-10' }, [
      row({ handedInPart: [{ packId: 'p5', quantity: 2 }] }),
      row({ pickupCode: 'ABC-DEF', status: 'picked_up' as never }),
    ]);
    expect(html).toContain('<td>Sebagian<br><small>terutang 1 x 10 kg</small></td>');
    expect(html).toContain('<td>Sudah</td>');
  });
});
