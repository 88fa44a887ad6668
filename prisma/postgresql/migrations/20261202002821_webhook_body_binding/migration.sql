-- CreateTable
CREATE TABLE "WebhookBodyBinding" (
    "key" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookBodyBinding_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "WebhookBodyBinding_expiresAt_idx" ON "WebhookBodyBinding"("expiresAt");
