import { Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { AppConfigService } from '@app/config';

const DEFAULT_DATABASE = 'contact_center';

/**
 * The connection to MONGODB_URI, imported once by each app's root module. Repositories come with their own modules
 * (`CustomerRepositoryModule`, …), which the feature modules that use them import.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({
        uri: config.get('MONGODB_URI', { infer: true }),
        dbName: config.get('MONGODB_DB', { infer: true }) ?? DEFAULT_DATABASE,
        autoIndex: true,
        serverSelectionTimeoutMS: 10_000,
        // A connection whose peer vanished without closing it (a network partition) would otherwise hold its
        // operation forever; every operation of ours takes well under this.
        socketTimeoutMS: 60_000,
      }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /**
   * Uniqueness rests on unique indexes: they must exist before the first write is accepted. Every repository module
   * of the app has registered its models by now (providers are built before any module is initialized).
   */
  async onModuleInit(): Promise<void> {
    await Promise.all(Object.values(this.connection.models).map((model) => model.init()));
  }
}
