import { Module } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';
import { RatesController } from './rates.controller';
import { RatesService } from './rates.service';

@Module({
  controllers: [RatesController],
  providers: [RatesService, AdminTokenGuard],
  exports: [RatesService],
})
export class RatesModule {}
