import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { DeliveryRepositoryModule } from '@app/persistence';
import { DeliveriesProducerModule } from '@app/queue';
import { DeliveryResumer } from './delivery-resumer.js';
import { DeliveryRunner } from './delivery-runner.js';
import { DELIVERY_SENDERS, type DeliverySender } from './delivery-sender.js';
import { DeliveryStarter } from './delivery-starter.js';

/** Starts deliveries (the api's routes, the worker's event fan-out): stores them and queues their jobs. */
@Module({
  imports: [DeliveryRepositoryModule, DeliveriesProducerModule],
  providers: [DeliveryStarter],
  exports: [DeliveryStarter],
})
export class DeliveryStarterModule {}

export interface DeliveryRunnerOptions {
  /** The modules the senders need. */
  imports?: ModuleMetadata['imports'];
  /** One sender per delivery kind. */
  senders: Type<DeliverySender>[];
}

/** The runner of the worker's deliveries queue, with the senders of each kind. */
@Module({})
export class DeliveryRunnerModule {
  static withSenders({ imports = [], senders }: DeliveryRunnerOptions): DynamicModule {
    return {
      module: DeliveryRunnerModule,
      imports: [DeliveryRepositoryModule, DeliveriesProducerModule, ...imports],
      providers: [
        ...senders,
        {
          provide: DELIVERY_SENDERS,
          inject: senders,
          useFactory: (...instances: DeliverySender[]) => {
            const byKind = new Map(instances.map((sender) => [sender.kind, sender]));
            if (byKind.size !== instances.length) throw new Error('two delivery senders for one kind');
            return byKind;
          },
        },
        DeliveryRunner,
        DeliveryResumer,
      ],
      exports: [DeliveryRunner, DeliveryResumer, DeliveriesProducerModule],
    };
  }
}
