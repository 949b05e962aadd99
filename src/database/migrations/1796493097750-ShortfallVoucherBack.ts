import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A shortfall cut says what goes back in money and what goes back to the order's voucher: the cash
 * refund (refund_due_rp) plus the voucher's part given back (voucher_back_rp) is the cut's amount
 * when the order was paid; an unpaid order owes no refund and may still give voucher value back.
 */
export class ShortfallVoucherBack1796493097750 implements MigrationInterface {
    name = 'ShortfallVoucherBack1796493097750'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts" DROP CONSTRAINT "chk_shortfall_cuts_refund"
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts"
            ADD "voucher_back_rp" bigint NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts"
            ADD CONSTRAINT "chk_shortfall_cuts_refund_split" CHECK (
                    "refund_due_rp" >= 0
                    AND "voucher_back_rp" >= 0
                    AND "refund_due_rp" + "voucher_back_rp" <= "amount_rp"
                    AND (
                        "refund_due_rp" = 0
                        OR "refund_due_rp" + "voucher_back_rp" = "amount_rp"
                    )
                )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts" DROP CONSTRAINT "chk_shortfall_cuts_refund_split"
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts" DROP COLUMN "voucher_back_rp"
        `);
        await queryRunner.query(`
            ALTER TABLE "shortfall_cuts"
            ADD CONSTRAINT "chk_shortfall_cuts_refund" CHECK (
                    (
                        (refund_due_rp = 0)
                        OR (refund_due_rp = amount_rp)
                    )
                )
        `);
    }

}
