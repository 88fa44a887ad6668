-- CreateTable
CREATE TABLE "FollowerInteraction" (
    "appId" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FollowerInteraction_pkey" PRIMARY KEY ("appId","openid")
);
