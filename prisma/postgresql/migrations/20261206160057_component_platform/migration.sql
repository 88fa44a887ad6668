-- CreateTable
CREATE TABLE "ComponentTicket" (
    "componentAppId" TEXT NOT NULL,
    "ticket" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComponentTicket_pkey" PRIMARY KEY ("componentAppId")
);

-- CreateTable
CREATE TABLE "ComponentAuthorizer" (
    "componentAppId" TEXT NOT NULL,
    "authorizerAppId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "refreshToken" TEXT,
    "funcInfo" TEXT NOT NULL DEFAULT '[]',
    "statusAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComponentAuthorizer_pkey" PRIMARY KEY ("componentAppId","authorizerAppId")
);
