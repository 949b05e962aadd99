import { DomainError } from '../common/domain-error';
import type { CreateShipmentDto } from './dto/create-shipment.dto';
import type { ShipmentManifestLine } from './purchase-order-shipment.entity';

/**
 * What was loaded for a point: what its orders hold (`due`), or fewer where the cooperative says so.
 * A size the request leaves out is loaded in full; a size that is not due, or more packs than are
 * due, is refused (surplus is not shipped against a purchase order).
 */
export function loadedManifest(due: Omit<ShipmentManifestLine, 'duePacks'>[], dto: CreateShipmentDto): ShipmentManifestLine[] {
  const loaded = due.map((line) => ({ ...line, duePacks: line.packs }));
  const seen = new Set<string>();
  (dto.packs ?? []).forEach((pack, index) => {
    const field = `packs.${index}`;
    const id = `${pack.productId}|${pack.sizeKg}`;
    if (seen.has(id)) throw DomainError.validation(field, 'each product and pack size may appear once');
    seen.add(id);
    const line = loaded.find((candidate) => candidate.productId === pack.productId && candidate.sizeKg === pack.sizeKg);
    if (!line) throw DomainError.validation(field, `no ${pack.sizeKg} kg packs of this product are due at this dropping point`);
    if (pack.packs > line.duePacks)
      throw DomainError.validation(`${field}.packs`, `at most ${line.duePacks} packs of ${pack.sizeKg} kg are due at this dropping point`);
    line.packs = pack.packs;
  });
  return loaded;
}

/** What a shipment left short of what was due: per product and size, and in all. */
export function shipmentShortfall(manifest: ShipmentManifestLine[]) {
  const lines = manifest
    .map((line) => ({ productId: line.productId, sizeKg: line.sizeKg, packs: (line.duePacks ?? line.packs) - line.packs }))
    .filter((line) => line.packs > 0)
    .map((line) => ({ ...line, kg: line.packs * line.sizeKg }));
  return { packs: lines.reduce((sum, line) => sum + line.packs, 0), kg: lines.reduce((sum, line) => sum + line.kg, 0), lines };
}
