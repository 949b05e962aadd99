import { randomUUID } from 'node:crypto';
import type { PlaceOrderDto } from '../../orders/dto/place-order.dto';
import { Fulfilment } from '../../orders/order-status.enum';
import type { DisplayWave } from './wave-display';

/** What the form had in it, to show it again after a refusal. */
export interface OrderFormValues {
  quantities: Record<string, string>;
  pointId: string;
  fulfilment: Fulfilment;
  address: string;
  latitude: string;
  longitude: string;
  /** The idempotency key: a double tap or a resend of the same form makes one order. */
  key: string;
}

/** field -> catalogue key of what is wrong with it */
export type FieldErrors = Record<string, string>;

const KEY = /^[\x21-\x7e]{1,128}$/;
const MAX_QUANTITY = 1000;

export const qtyField = (packId: string) => `jumlah_${packId}`;

export function emptyForm(wave: DisplayWave, defaultPointId: string | null = null): OrderFormValues {
  const pointId =
    defaultPointId && wave.points.some((point) => point.id === defaultPointId)
      ? defaultPointId
      : wave.points.length === 1
        ? wave.points[0].id
        : '';
  return { quantities: {}, pointId, fulfilment: Fulfilment.Pickup, address: '', latitude: '', longitude: '', key: randomUUID() };
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * Reads the posted order form against the wave (from memory): the order for the order path, or
 * what is wrong per field. An empty quantity is 0; only packs of this wave are read.
 */
export function readOrderForm(
  wave: DisplayWave,
  form: Record<string, unknown>,
): { values: OrderFormValues; dto: PlaceOrderDto | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const values: OrderFormValues = {
    quantities: {},
    pointId: text(form.titik),
    fulfilment: text(form.cara) === String(Fulfilment.Delivery) ? Fulfilment.Delivery : Fulfilment.Pickup,
    address: text(form.alamat).slice(0, 500),
    latitude: text(form.lat),
    longitude: text(form.lng),
    key: KEY.test(text(form.kunci)) ? text(form.kunci) : randomUUID(),
  };
  const items: { packId: string; quantity: number }[] = [];
  for (const product of wave.products) {
    for (const pack of product.packs) {
      const raw = text(form[qtyField(pack.id)]);
      values.quantities[pack.id] = raw;
      if (raw === '' || raw === '0') continue;
      const quantity = Number(raw);
      if (!/^\d+$/.test(raw) || quantity > MAX_QUANTITY) errors[qtyField(pack.id)] = 'buyer.order.error.quantity';
      else items.push({ packId: pack.id, quantity });
    }
  }
  if (items.length === 0 && Object.keys(errors).length === 0) errors.items = 'buyer.order.error.noPacks';
  if (!wave.points.some((point) => point.id === values.pointId)) errors.titik = 'buyer.order.error.point';
  if (values.fulfilment === Fulfilment.Delivery && values.address.length < 10) errors.alamat = 'buyer.order.error.address';
  const latitude = coordinate(values.latitude, 90);
  const longitude = coordinate(values.longitude, 180);
  if (Object.keys(errors).length > 0) return { values, dto: null, errors };
  const delivery = values.fulfilment === Fulfilment.Delivery;
  const dto: PlaceOrderDto = {
    droppingPointId: values.pointId,
    fulfilment: values.fulfilment,
    items,
    ...(delivery ? { deliveryAddress: values.address } : {}),
    ...(delivery && latitude !== null && longitude !== null ? { deliveryLatitude: latitude, deliveryLongitude: longitude } : {}),
  };
  return { values, dto, errors };
}

/** A map pin the phone gave, or null when there is none (or it is not a coordinate). */
function coordinate(raw: string, bound: number): number | null {
  if (raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && Math.abs(value) <= bound ? Math.round(value * 1e6) / 1e6 : null;
}
