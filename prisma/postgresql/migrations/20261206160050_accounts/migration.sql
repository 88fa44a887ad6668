-- CreateTable
CREATE TABLE "Account" (
    "appId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'direct',
    "appSecret" TEXT,
    "token" TEXT,
    "encodingAESKey" TEXT,
    "previousEncodingAESKey" TEXT,
    "tokenMode" TEXT NOT NULL DEFAULT 'classic',
    "status" TEXT NOT NULL DEFAULT 'active',
    "payMchid" TEXT,
    "payMerchantSerial" TEXT,
    "payPrivateKey" TEXT,
    "payApiV3Key" TEXT,
    "payPublicKeyId" TEXT,
    "payPublicKey" TEXT,
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("appId")
);

-- CreateIndex
CREATE INDEX "Account_status_idx" ON "Account"("status");
