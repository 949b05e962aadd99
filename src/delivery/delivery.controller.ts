import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { IdParam } from '../common/id-param';
import { Role } from '../users/role.enum';
import { CourierWebhookService } from './courier-webhook.service';
import { DeliveryBoardService } from './delivery-board.service';
import { DispatchService } from './dispatch.service';
import { DeliveriesQuery } from './dto/deliveries.query';
import { DeliveryEstimateQuery } from './dto/delivery-estimate.query';
import { DispatchDto } from './dto/dispatch.dto';
import { ManualBookingDto, ManualProgressDto } from './dto/manual-booking.dto';
import { ManualDeliveryService } from './manual-delivery.service';
import { SIGNATURE_HEADER } from './webhook-signature';
import { TripProgressResponse } from './dto/trip-progress.response';
import { DispatchResponse } from './dto/dispatch.response';
import { DeliveryBoardResponse } from './dto/delivery-board.response';
import { DeliveryEstimateResponse } from './dto/delivery-estimate.response';
import { OrderDeliveryResponse } from './dto/order-delivery.response';
import { CourierWebhookResponse } from './dto/courier-webhook.response';
import { CourierFeesResponse } from './dto/courier-fees.response';

@ApiTags('delivery')
@Controller()
export class DeliveryController {
  constructor(
    private readonly dispatcher: DispatchService,
    private readonly board: DeliveryBoardService,
    private readonly manual: ManualDeliveryService,
    private readonly webhooks: CourierWebhookService,
  ) {}

  @Post('dropping-points/:id/dispatch')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue ready home-delivery orders (all, or the chosen ones) for courier booking; re-dispatches failed parts' })
  @ApiAcceptedResponse({ type: DispatchResponse, description: 'Trips queued; workers book them in the background' })
  dispatch(@IdParam() pointId: string, @Body() body: DispatchDto, @CurrentUser() user: AuthUser) {
    return this.dispatcher.dispatch(user, pointId, body.waveId, body.orderIds);
  }

  @Get('dropping-points/:id/deliveries')
  @Roles(Role.Officer, Role.Admin)
  @ApiOperation({
    summary: 'Dispatch board: trips of the point in the wave (queued, booked, in transit, delivered, failed with the reason)',
  })
  @ApiOkResponse({ type: DeliveryBoardResponse })
  deliveries(@IdParam() pointId: string, @Query() query: DeliveriesQuery, @CurrentUser() user: AuthUser) {
    return this.board.board(user, pointId, query.waveId, query.status);
  }

  @Get('dropping-points/:id/delivery-estimate')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @ApiOperation({
    summary:
      'Before ordering: distance of an address from the point, whether it is within the home-delivery radius, and the courier fee estimate',
  })
  @ApiOkResponse({ type: DeliveryEstimateResponse })
  deliveryEstimate(@IdParam() pointId: string, @Query() query: DeliveryEstimateQuery) {
    return this.board.estimate(pointId, query);
  }

  @Get('waves/:id/courier-fees')
  @Roles(Role.Officer, Role.Admin)
  @ApiOperation({ summary: "Courier fees of the wave's bookings per dropping point and in all (an officer: their own points)" })
  @ApiOkResponse({ type: CourierFeesResponse })
  courierFees(@IdParam() waveId: string, @CurrentUser() user: AuthUser) {
    return this.board.courierFees(user, waveId);
  }

  @Get('orders/:id/delivery')
  @Roles(Role.Buyer, Role.Officer, Role.Admin)
  @ApiOperation({ summary: 'The home delivery of an order: its trips, states and tracking links' })
  @ApiOkResponse({ type: OrderDeliveryResponse })
  orderDelivery(@IdParam() orderId: string, @CurrentUser() user: AuthUser) {
    return this.board.forOrder(user, orderId);
  }

  @Post('deliveries/:id/booking')
  @Roles(Role.Officer, Role.Admin)
  @ApiOperation({ summary: 'Manual courier: record the booking made in the courier app (booking id, fee, tracking link)' })
  @ApiCreatedResponse({ type: TripProgressResponse })
  recordBooking(@IdParam() tripId: string, @Body() body: ManualBookingDto, @CurrentUser() user: AuthUser) {
    return this.manual.recordBooking(user, tripId, body);
  }

  @Post('deliveries/:id/progress')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Manual courier: record that the trip was picked up, delivered or failed' })
  @ApiOkResponse({ type: TripProgressResponse })
  recordProgress(@IdParam() tripId: string, @Body() body: ManualProgressDto, @CurrentUser() user: AuthUser) {
    return this.manual.recordProgress(user, tripId, body);
  }

  @Post('courier/webhook')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Courier progress events, signed with HMAC-SHA256 over "<t>.<raw body>"; a replayed event id is refused (409)' })
  @ApiHeader({ name: SIGNATURE_HEADER, description: 't=<unix seconds>,v1=<hex HMAC-SHA256>' })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        id: 'evt_01',
        type: 'booking.delivered',
        createdAt: '2020-04-10T10:15:00+07:00',
        data: { bookingId: 'BK-0001', reference: 'trip id' },
      },
    },
  })
  @ApiOkResponse({ type: CourierWebhookResponse })
  webhook(@Req() request: FastifyRequest & { rawBody?: string }, @Headers(SIGNATURE_HEADER) signature: string | undefined) {
    return this.webhooks.receive(request.rawBody, signature, request.body);
  }
}
